using System.Diagnostics.CodeAnalysis;
using Compiled.Functions;

namespace Compiled.State.RocksDb.Backend;

// The user-facing states over RocksDB tables. Values are (de)serialized on every access, so a mutation of a value
// returned by a read is not stored until it is written back; list and map states store each element as its own entry.

internal sealed class RocksValueState<TNamespace, T>(KeyedStateTable<TNamespace, T> table, T defaultValue) : ValueState<T>, INamespacedState<TNamespace>
    where TNamespace : notnull
{
    public TNamespace CurrentNamespace { get; set; } = default!;

    [MaybeNull] public override T Value => table.TryGet(CurrentNamespace, out var value) ? value : defaultValue;
    public override bool HasValue => table.TryGet(CurrentNamespace, out _);
    public override void Update(T value) => table.Put(CurrentNamespace, value);
    public override void Clear() => table.Remove(CurrentNamespace);
}

internal sealed class RocksListState<TKey, TNamespace, T>(RocksListTable<TKey, TNamespace, T> table) : ListState<T>, INamespacedState<TNamespace>
    where TKey : notnull where TNamespace : notnull
{
    public TNamespace CurrentNamespace { get; set; } = default!;

    public override IReadOnlyList<T> Get() => table.TryGet(CurrentNamespace, out var list) ? list : [];
    public override void Add(T value) => table.Append(CurrentNamespace, value);

    public override void Update(IEnumerable<T> values) => table.Put(CurrentNamespace, [.. values]);
    public override void Clear() => table.Remove(CurrentNamespace);
}

internal sealed class RocksReducingState<TNamespace, T>(KeyedStateTable<TNamespace, T> table, IReduceFunction<T> reduce) : ReducingState<T>, INamespacedState<TNamespace>
    where TNamespace : notnull
{
    public TNamespace CurrentNamespace { get; set; } = default!;

    [return: MaybeNull] public override T Get() => table.TryGet(CurrentNamespace, out var value) ? value : default;
    public override bool HasValue => table.TryGet(CurrentNamespace, out _);
    public override void Add(T value) => table.Put(CurrentNamespace, table.TryGet(CurrentNamespace, out var current) ? reduce.Reduce(current, value) : value);
    public override void Clear() => table.Remove(CurrentNamespace);
}

internal sealed class RocksAggregatingState<TNamespace, TIn, TAcc, TOut>(KeyedStateTable<TNamespace, TAcc> table, IAggregateFunction<TIn, TAcc, TOut> aggregate)
    : AggregatingState<TIn, TOut>, INamespacedState<TNamespace> where TNamespace : notnull
{
    public TNamespace CurrentNamespace { get; set; } = default!;

    public override TOut Get() => aggregate.GetResult(table.TryGet(CurrentNamespace, out var acc) ? acc : aggregate.CreateAccumulator());
    public override bool HasValue => table.TryGet(CurrentNamespace, out _);

    public override void Add(TIn value) =>
        table.Put(CurrentNamespace, aggregate.Add(value, table.TryGet(CurrentNamespace, out var acc) ? acc : aggregate.CreateAccumulator()));

    public override void Clear() => table.Remove(CurrentNamespace);
}

internal sealed class RocksMapState<TKey, TNamespace, TUserKey, TUserValue>(RocksMapTable<TKey, TNamespace, TUserKey, TUserValue> table)
    : MapState<TUserKey, TUserValue>, INamespacedState<TNamespace> where TKey : notnull where TNamespace : notnull where TUserKey : notnull
{
    public TNamespace CurrentNamespace { get; set; } = default!;

    public override bool TryGetValue(TUserKey key, [MaybeNullWhen(false)] out TUserValue value) => table.TryGetEntry(CurrentNamespace, key, out value);
    public override void Put(TUserKey key, TUserValue value) => table.PutEntry(CurrentNamespace, key, value);
    public override bool Remove(TUserKey key) => table.RemoveEntry(CurrentNamespace, key);
    public override bool ContainsKey(TUserKey key) => table.TryGetEntry(CurrentNamespace, key, out _);
    public override IEnumerable<KeyValuePair<TUserKey, TUserValue>> Entries => table.Entries(CurrentNamespace);
    public override bool IsEmpty => table.Entries(CurrentNamespace, limit: 1).Count == 0;
    public override void Clear() => table.Remove(CurrentNamespace);
}
