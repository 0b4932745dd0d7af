using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Compiled.Functions;

namespace Compiled.State.Heap;

internal sealed class HeapValueState<TKey, TNamespace, T>(StateTable<TKey, TNamespace, T> table, T defaultValue)
    : ValueState<T>, INamespacedState<TNamespace> where TKey : notnull where TNamespace : notnull
{
    public TNamespace CurrentNamespace { get; set; } = default!;

    [MaybeNull]
    public override T Value
    {
        get
        {
            ref var e = ref table.FindForUpdate(CurrentNamespace); // the caller may change a mutable value in place
            return Unsafe.IsNullRef(ref e) ? defaultValue : e.Value;
        }
    }

    public override bool HasValue => !Unsafe.IsNullRef(ref table.Find(CurrentNamespace));
    public override void Update(T value) => table.Set(CurrentNamespace, value);
    public override void Clear() => table.Remove(CurrentNamespace);
}

internal sealed class HeapListState<TKey, TNamespace, T>(StateTable<TKey, TNamespace, List<T>> table)
    : ListState<T>, INamespacedState<TNamespace> where TKey : notnull where TNamespace : notnull
{
    public TNamespace CurrentNamespace { get; set; } = default!;

    public override IReadOnlyList<T> Get()
    {
        ref var e = ref table.FindForUpdate(CurrentNamespace); // the list is changed by later adds, its elements by the caller
        return Unsafe.IsNullRef(ref e) ? [] : e.Value;
    }

    public override void Add(T value)
    {
        ref var e = ref table.GetOrAdd(CurrentNamespace, out bool existed);
        if (!existed || e.Value is null) e.Value = [];
        e.Value.Add(value);
    }

    public override void Update(IEnumerable<T> values)
    {
        ref var e = ref table.GetOrAdd(CurrentNamespace, out bool existed);
        // Refill the key's list in place (GetOrAdd gives the table's own list; a running snapshot keeps its copy), unless the values may be a view of it.
        if (existed && e.Value is { } list && values is ICollection<T> collection && !ReferenceEquals(collection, list))
        {
            list.Clear();
            list.AddRange(collection);
            return;
        }
        e.Value = [.. values];
    }
    public override void Clear() => table.Remove(CurrentNamespace);
}

internal sealed class HeapMapState<TKey, TNamespace, TUserKey, TUserValue>(StateTable<TKey, TNamespace, Dictionary<TUserKey, TUserValue>> table)
    : MapState<TUserKey, TUserValue>, INamespacedState<TNamespace> where TKey : notnull where TNamespace : notnull where TUserKey : notnull
{
    public TNamespace CurrentNamespace { get; set; } = default!;

    /// <summary>The current map, to read (<paramref name="update"/> false) or to change it or hand out its values.</summary>
    private Dictionary<TUserKey, TUserValue>? Map(bool update)
    {
        ref var e = ref update ? ref table.FindForUpdate(CurrentNamespace) : ref table.Find(CurrentNamespace);
        return Unsafe.IsNullRef(ref e) ? null : e.Value;
    }

    public override bool TryGetValue(TUserKey key, [MaybeNullWhen(false)] out TUserValue value)
    {
        if (Map(update: true) is { } map) return map.TryGetValue(key, out value);
        value = default;
        return false;
    }

    public override void Put(TUserKey key, TUserValue value)
    {
        ref var e = ref table.GetOrAdd(CurrentNamespace, out bool existed);
        if (!existed || e.Value is null) e.Value = new();
        e.Value[key] = value;
    }

    public override bool Remove(TUserKey key)
    {
        var map = Map(update: true);
        if (map is null || !map.Remove(key)) return false;
        if (map.Count == 0) table.Remove(CurrentNamespace);
        return true;
    }

    public override bool ContainsKey(TUserKey key) => Map(update: false)?.ContainsKey(key) ?? false;
    public override IEnumerable<KeyValuePair<TUserKey, TUserValue>> Entries => Map(update: true) ?? [];
    public override bool IsEmpty => Map(update: false) is not { Count: > 0 };
    public override void Clear() => table.Remove(CurrentNamespace);
}

internal sealed class HeapReducingState<TKey, TNamespace, T>(StateTable<TKey, TNamespace, T> table, IReduceFunction<T> reduce)
    : ReducingState<T>, INamespacedState<TNamespace> where TKey : notnull where TNamespace : notnull
{
    public TNamespace CurrentNamespace { get; set; } = default!;

    [return: MaybeNull]
    public override T Get()
    {
        ref var e = ref table.FindForUpdate(CurrentNamespace);
        return Unsafe.IsNullRef(ref e) ? default : e.Value;
    }

    public override bool HasValue => !Unsafe.IsNullRef(ref table.Find(CurrentNamespace));

    public override void Add(T value)
    {
        ref var e = ref table.GetOrAdd(CurrentNamespace, out bool existed);
        e.Value = existed ? reduce.Reduce(e.Value, value) : value;
    }

    public override void Clear() => table.Remove(CurrentNamespace);
}

internal sealed class HeapAggregatingState<TKey, TNamespace, TIn, TAcc, TOut>(StateTable<TKey, TNamespace, TAcc> table, IAggregateFunction<TIn, TAcc, TOut> aggregate)
    : AggregatingState<TIn, TOut>, INamespacedState<TNamespace> where TKey : notnull where TNamespace : notnull
{
    public TNamespace CurrentNamespace { get; set; } = default!;

    public override TOut Get()
    {
        ref var e = ref table.FindForUpdate(CurrentNamespace); // GetResult may touch the accumulator
        return aggregate.GetResult(Unsafe.IsNullRef(ref e) ? aggregate.CreateAccumulator() : e.Value);
    }

    public override bool HasValue => !Unsafe.IsNullRef(ref table.Find(CurrentNamespace));

    public override void Add(TIn value)
    {
        ref var e = ref table.GetOrAdd(CurrentNamespace, out bool existed);
        e.Value = aggregate.Add(value, existed ? e.Value : aggregate.CreateAccumulator());
    }

    public override void Clear() => table.Remove(CurrentNamespace);
}
