using System.Diagnostics.CodeAnalysis;

namespace Compiled.State;

/// <summary>Keyed state holding one value per key (and namespace).</summary>
public abstract class ValueState<T>
{
    /// <summary>The value for the current key, or the descriptor's default when absent or expired.</summary>
    [MaybeNull] public abstract T Value { get; }

    /// <summary>Whether a live value exists for the current key.</summary>
    public abstract bool HasValue { get; }

    /// <summary>Sets the value for the current key.</summary>
    public abstract void Update(T value);

    /// <summary>Removes the value for the current key.</summary>
    public abstract void Clear();
}

/// <summary>Keyed state holding a list per key.</summary>
public abstract class ListState<T>
{
    /// <summary>The elements for the current key (empty when absent). Do not hold on to it across records.</summary>
    public abstract IReadOnlyList<T> Get();

    /// <summary>Appends <paramref name="value"/>.</summary>
    public abstract void Add(T value);

    /// <summary>Replaces the list with <paramref name="values"/>.</summary>
    public abstract void Update(IEnumerable<T> values);

    /// <summary>Removes the list for the current key.</summary>
    public abstract void Clear();
}

/// <summary>Keyed state holding a map per key.</summary>
public abstract class MapState<TUserKey, TUserValue> where TUserKey : notnull
{
    /// <summary>Looks up <paramref name="key"/> in the current key's map.</summary>
    public abstract bool TryGetValue(TUserKey key, [MaybeNullWhen(false)] out TUserValue value);

    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/>.</summary>
    public abstract void Put(TUserKey key, TUserValue value);

    /// <summary>Removes <paramref name="key"/>.</summary>
    public abstract bool Remove(TUserKey key);

    /// <summary>Whether the current key's map contains <paramref name="key"/>.</summary>
    public abstract bool ContainsKey(TUserKey key);

    /// <summary>The entries of the current key's map.</summary>
    public abstract IEnumerable<KeyValuePair<TUserKey, TUserValue>> Entries { get; }

    /// <summary>Whether the current key's map is empty or absent.</summary>
    public abstract bool IsEmpty { get; }

    /// <summary>Removes the whole map for the current key.</summary>
    public abstract void Clear();
}

/// <summary>Keyed state that folds added values with a reduce function.</summary>
public abstract class ReducingState<T>
{
    /// <summary>The reduced value, or default when nothing was added.</summary>
    [return: MaybeNull] public abstract T Get();

    /// <summary>Whether a value was added since the last clear.</summary>
    public abstract bool HasValue { get; }

    /// <summary>Folds <paramref name="value"/> into the state.</summary>
    public abstract void Add(T value);

    /// <summary>Removes the state for the current key.</summary>
    public abstract void Clear();
}

/// <summary>Keyed state that aggregates added values with an aggregate function.</summary>
public abstract class AggregatingState<TIn, TOut>
{
    /// <summary>The aggregation result (of an empty accumulator when nothing was added).</summary>
    public abstract TOut Get();

    /// <summary>Whether a value was added since the last clear.</summary>
    public abstract bool HasValue { get; }

    /// <summary>Adds <paramref name="value"/> to the aggregate.</summary>
    public abstract void Add(TIn value);

    /// <summary>Removes the state for the current key.</summary>
    public abstract void Clear();
}
