using Compiled.Functions;
using Compiled.Serialization;
using Compiled.State;

namespace Compiled.Network;

/// <summary>Chooses the downstream channel of each record.</summary>
public abstract class StreamPartitioner<T>
{
    /// <summary>Channel index in [0, <paramref name="channels"/>) for <paramref name="value"/>.</summary>
    public abstract int SelectChannel(in T value, int channels);

    /// <summary>Whether every record goes to every channel.</summary>
    public virtual bool IsBroadcast => false;

    /// <summary>A fresh instance for one producer subtask (partitioners may hold per-subtask state).</summary>
    public abstract StreamPartitioner<T> Copy();
}

/// <summary>Sends each record to the subtask with the same index (one channel).</summary>
public sealed class ForwardPartitioner<T> : StreamPartitioner<T>
{
    /// <inheritdoc />
    public override int SelectChannel(in T value, int channels) => 0;

    /// <inheritdoc />
    public override StreamPartitioner<T> Copy() => this;

    /// <inheritdoc />
    public override string ToString() => "FORWARD";
}

/// <summary>Round-robin over all downstream subtasks.</summary>
public sealed class RebalancePartitioner<T>(int start = 0) : StreamPartitioner<T>
{
    private int _next = start;

    /// <inheritdoc />
    public override int SelectChannel(in T value, int channels)
    {
        int c = _next;
        _next = c + 1 == channels ? 0 : c + 1;
        return c < channels ? c : 0;
    }

    /// <inheritdoc />
    public override StreamPartitioner<T> Copy() => new RebalancePartitioner<T>();

    /// <inheritdoc />
    public override string ToString() => "REBALANCE";
}

/// <summary>Everything to subtask 0.</summary>
public sealed class GlobalPartitioner<T> : StreamPartitioner<T>
{
    /// <inheritdoc />
    public override int SelectChannel(in T value, int channels) => 0;

    /// <inheritdoc />
    public override StreamPartitioner<T> Copy() => this;

    /// <inheritdoc />
    public override string ToString() => "GLOBAL";
}

/// <summary>Every record to every subtask.</summary>
public sealed class BroadcastPartitioner<T> : StreamPartitioner<T>
{
    /// <inheritdoc />
    public override int SelectChannel(in T value, int channels) => throw new InvalidOperationException("Broadcast has no single channel.");

    /// <inheritdoc />
    public override bool IsBroadcast => true;

    /// <inheritdoc />
    public override StreamPartitioner<T> Copy() => this;

    /// <inheritdoc />
    public override string ToString() => "BROADCAST";
}

/// <summary>Routes by key group: murmur3 of the key's canonical bytes, then the key group's owning subtask.</summary>
public sealed class KeyGroupPartitioner<T, TKey>(IKeySelector<T, TKey> keySelector, KeySerializer<TKey> keySerializer, int maxParallelism)
    : StreamPartitioner<T>
{
    /// <inheritdoc />
    public override int SelectChannel(in T value, int channels)
    {
        int keyGroup = KeyGroups.KeyGroupOf(keySerializer.Hash(keySelector.GetKey(value)), maxParallelism);
        return KeyGroups.SubtaskOf(keyGroup, channels, maxParallelism);
    }

    /// <inheritdoc />
    public override StreamPartitioner<T> Copy() => this;

    /// <inheritdoc />
    public override string ToString() => "HASH";
}
