using Compiled.Functions;

namespace Compiled.State;

/// <summary>How entries of a state expire.</summary>
/// <param name="TimeToLive">How long an entry lives after its last write (or read, see <paramref name="RefreshOnRead"/>).</param>
/// <param name="RefreshOnRead">Whether reads also extend the lifetime (Flink's OnReadAndWrite).</param>
public sealed record StateTtlConfig(TimeSpan TimeToLive, bool RefreshOnRead = false)
{
    /// <summary>TTL in milliseconds of processing time.</summary>
    public long TtlMillis { get; } = TimeToLive > TimeSpan.Zero
        ? (long)TimeToLive.TotalMilliseconds
        : throw new ArgumentOutOfRangeException(nameof(TimeToLive), $"State TTL must be positive, was {TimeToLive}.");
}

/// <summary>Names a keyed state and describes how it behaves.</summary>
public abstract class StateDescriptor
{
    /// <summary>Creates a descriptor.</summary>
    protected StateDescriptor(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>Name of the state, unique within its operator; it identifies the state in snapshots.</summary>
    public string Name { get; }

    /// <summary>Expiry of entries, or null when they never expire.</summary>
    public StateTtlConfig? Ttl { get; init; }
}

/// <summary>Describes a <see cref="ValueState{T}"/>.</summary>
public sealed class ValueStateDescriptor<T>(string name, T defaultValue = default!) : StateDescriptor(name)
{
    /// <summary>Value returned when the state is empty.</summary>
    public T DefaultValue { get; } = defaultValue;
}

/// <summary>Describes a <see cref="ListState{T}"/>.</summary>
public sealed class ListStateDescriptor<T>(string name) : StateDescriptor(name);

/// <summary>Describes a <see cref="MapState{TUserKey,TUserValue}"/>.</summary>
public sealed class MapStateDescriptor<TUserKey, TUserValue>(string name) : StateDescriptor(name) where TUserKey : notnull;

/// <summary>Describes a <see cref="ReducingState{T}"/>.</summary>
public sealed class ReducingStateDescriptor<T>(string name, IReduceFunction<T> reduce) : StateDescriptor(name)
{
    /// <summary>Creates a descriptor from a delegate.</summary>
    public ReducingStateDescriptor(string name, Func<T, T, T> reduce) : this(name, new DelegateReduce<T>(reduce)) { }

    /// <summary>The reduce function.</summary>
    public IReduceFunction<T> ReduceFunction { get; } = reduce;
}

/// <summary>Describes an <see cref="AggregatingState{TIn,TOut}"/>.</summary>
public sealed class AggregatingStateDescriptor<TIn, TAcc, TOut>(string name, IAggregateFunction<TIn, TAcc, TOut> aggregate) : StateDescriptor(name)
{
    /// <summary>The aggregate function.</summary>
    public IAggregateFunction<TIn, TAcc, TOut> AggregateFunction { get; } = aggregate;
}

/// <summary>The namespace of keyed state that is not scoped to a window.</summary>
public readonly record struct VoidNamespace
{
    /// <summary>The only value.</summary>
    public static readonly VoidNamespace Instance = default;
}
