using Compiled.State.Snapshots;

namespace Compiled.State.Heap;

/// <summary>
/// Creates heap states scoped to a namespace type. States handed to user functions use
/// <see cref="VoidNamespace"/>; window operators use the window type and set the namespace per access.
/// </summary>
public sealed class NamespacedStateStore<TKey, TNamespace> : IKeyedStateStore where TKey : notnull where TNamespace : notnull
{
    private readonly HeapKeyedStateBackend<TKey> _backend;
    private readonly List<Action<TNamespace>> _namespaceSetters = [];
    private readonly Dictionary<string, object> _states = new(StringComparer.Ordinal);
    private TNamespace _current = default!;

    internal NamespacedStateStore(HeapKeyedStateBackend<TKey> backend) => _backend = backend;

    /// <summary>Scopes every state created by this store to <paramref name="ns"/>.</summary>
    public void SetCurrentNamespace(TNamespace ns)
    {
        _current = ns;
        foreach (var set in _namespaceSetters) set(ns);
    }

    private TState Register<TState>(StateDescriptor descriptor, Func<TState> create) where TState : class
    {
        if (_states.TryGetValue(descriptor.Name, out var existing))
            return existing as TState ?? throw new InvalidOperationException($"State '{descriptor.Name}' is already registered as another kind of state.");
        var state = create();
        var namespaced = (INamespacedState<TNamespace>)state;
        namespaced.CurrentNamespace = _current; // a state created after SetCurrentNamespace starts in that namespace
        _namespaceSetters.Add(ns => namespaced.CurrentNamespace = ns);
        _states.Add(descriptor.Name, state);
        return state;
    }

    /// <inheritdoc />
    public ValueState<T> GetState<T>(ValueStateDescriptor<T> descriptor) =>
        Register<ValueState<T>>(descriptor, () => new HeapValueState<TKey, TNamespace, T>(_backend.GetOrCreateTable<TNamespace, T>(descriptor, () => StateSerializers.Get<T>(descriptor.Name)), descriptor.DefaultValue));

    /// <inheritdoc />
    public ListState<T> GetListState<T>(ListStateDescriptor<T> descriptor) =>
        Register<ListState<T>>(descriptor, () => new HeapListState<TKey, TNamespace, T>(_backend.GetOrCreateTable<TNamespace, List<T>>(descriptor, () => new ListStateSerializer<T>(StateSerializers.Get<T>(descriptor.Name)))));

    /// <inheritdoc />
    public MapState<TUserKey, TUserValue> GetMapState<TUserKey, TUserValue>(MapStateDescriptor<TUserKey, TUserValue> descriptor) where TUserKey : notnull =>
        Register<MapState<TUserKey, TUserValue>>(descriptor, () => new HeapMapState<TKey, TNamespace, TUserKey, TUserValue>(_backend.GetOrCreateTable<TNamespace, Dictionary<TUserKey, TUserValue>>(descriptor,
            () => new MapStateSerializer<TUserKey, TUserValue>(StateSerializers.Get<TUserKey>(descriptor.Name), StateSerializers.Get<TUserValue>(descriptor.Name)))));

    /// <inheritdoc />
    public ReducingState<T> GetReducingState<T>(ReducingStateDescriptor<T> descriptor) =>
        Register<ReducingState<T>>(descriptor, () => new HeapReducingState<TKey, TNamespace, T>(_backend.GetOrCreateTable<TNamespace, T>(descriptor, () => StateSerializers.Get<T>(descriptor.Name)), descriptor.ReduceFunction));

    /// <inheritdoc />
    public AggregatingState<TIn, TOut> GetAggregatingState<TIn, TAcc, TOut>(AggregatingStateDescriptor<TIn, TAcc, TOut> descriptor) =>
        Register<AggregatingState<TIn, TOut>>(descriptor, () => new HeapAggregatingState<TKey, TNamespace, TIn, TAcc, TOut>(_backend.GetOrCreateTable<TNamespace, TAcc>(descriptor, () => StateSerializers.Get<TAcc>(descriptor.Name)), descriptor.AggregateFunction));
}
