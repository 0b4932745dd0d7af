namespace Compiled.State;

/// <summary>
/// Creates states scoped to a namespace type. States handed to user functions use <see cref="VoidNamespace"/>; window
/// operators use the window type and set the namespace per access.
/// </summary>
public sealed class NamespacedStateStore<TKey, TNamespace> : IKeyedStateStore where TKey : notnull where TNamespace : notnull
{
    private readonly KeyedStateBackend<TKey> _backend;
    private readonly List<INamespacedState<TNamespace>> _scopes = [];
    private readonly Dictionary<string, object> _states = new(StringComparer.Ordinal);
    private TNamespace _current = default!;

    internal NamespacedStateStore(KeyedStateBackend<TKey> backend) => _backend = backend;

    /// <summary>Scopes every state created by this store to <paramref name="ns"/>.</summary>
    public void SetCurrentNamespace(TNamespace ns)
    {
        _current = ns;
        foreach (var scope in _scopes) scope.CurrentNamespace = ns;
    }

    private TState Register<TState>(StateDescriptor descriptor, Func<NamespacedState<TNamespace, TState>> create) where TState : class
    {
        if (_states.TryGetValue(descriptor.Name, out var existing))
            return existing as TState ?? throw new InvalidOperationException($"State '{descriptor.Name}' is already registered as another kind of state.");
        var (state, scope) = create();
        scope.CurrentNamespace = _current; // a state created after SetCurrentNamespace starts in that namespace
        _scopes.Add(scope);
        _states.Add(descriptor.Name, state);
        return state;
    }

    /// <inheritdoc />
    public ValueState<T> GetState<T>(ValueStateDescriptor<T> descriptor) =>
        Register(descriptor, () => _backend.CreateValueState<TNamespace, T>(descriptor));

    /// <inheritdoc />
    public ListState<T> GetListState<T>(ListStateDescriptor<T> descriptor) =>
        Register(descriptor, () => _backend.CreateListState<TNamespace, T>(descriptor));

    /// <inheritdoc />
    public MapState<TUserKey, TUserValue> GetMapState<TUserKey, TUserValue>(MapStateDescriptor<TUserKey, TUserValue> descriptor) where TUserKey : notnull =>
        Register(descriptor, () => _backend.CreateMapState<TNamespace, TUserKey, TUserValue>(descriptor));

    /// <inheritdoc />
    public ReducingState<T> GetReducingState<T>(ReducingStateDescriptor<T> descriptor) =>
        Register(descriptor, () => _backend.CreateReducingState<TNamespace, T>(descriptor));

    /// <inheritdoc />
    public AggregatingState<TIn, TOut> GetAggregatingState<TIn, TAcc, TOut>(AggregatingStateDescriptor<TIn, TAcc, TOut> descriptor) =>
        Register(descriptor, () => _backend.CreateAggregatingState<TNamespace, TIn, TAcc, TOut>(descriptor));
}
