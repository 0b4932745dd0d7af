using System.Collections.Concurrent;

namespace Compiled.Network;

/// <summary>Notified when a channel receives data, so the consuming task wakes up.</summary>
public interface IInputAvailabilityListener
{
    /// <summary>Data arrived on one of the task's inputs.</summary>
    void NotifyInputAvailable();
}

/// <summary>
/// A bounded single-producer, single-consumer queue of batches between two subtasks in one process.
/// A producer that finds it full blocks: that is backpressure, and memory stays bounded by
/// <see cref="Capacity"/> batches per channel.
/// </summary>
public sealed class LocalChannel<T> : IChannelMetrics
{
    private readonly ConcurrentQueue<StreamBatch<T>> _queue = new();
    private readonly ConcurrentQueue<StreamBatch<T>> _free = new();
    private readonly SemaphoreSlim _slots;
    private readonly int _batchSize;
    private int _allocated;
    private int _queued;
    private int _maxQueued;
    private long _recordsSent;
    private long _blockedTicks;

    /// <summary>Creates a channel holding at most <paramref name="capacity"/> batches of <paramref name="batchSize"/> records.</summary>
    public LocalChannel(int capacity, int batchSize)
    {
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity));
        Capacity = capacity;
        _batchSize = batchSize;
        _slots = new SemaphoreSlim(capacity, capacity);
    }

    /// <summary>Maximum number of batches in flight.</summary>
    public int Capacity { get; }

    /// <summary>Highest number of batches ever queued (for backpressure tests and metrics).</summary>
    public int MaxQueued => Volatile.Read(ref _maxQueued);

    /// <summary>Number of batch objects ever created for this channel.</summary>
    public int BatchesAllocated => Volatile.Read(ref _allocated);

    /// <summary>Batches currently queued.</summary>
    public int Queued => Volatile.Read(ref _queued);

    /// <summary>The consumer's task, woken when a batch arrives.</summary>
    public IInputAvailabilityListener? Listener { get; set; }

    /// <summary>Called after a processed batch freed its slot (a network receiver grants the sender a credit for it).</summary>
    public Action? Recycled { get; set; }

    /// <summary>A batch to fill: recycled when possible.</summary>
    public StreamBatch<T> RentBatch()
    {
        if (_free.TryDequeue(out var batch)) return batch;
        Interlocked.Increment(ref _allocated);
        return new StreamBatch<T>(_batchSize);
    }

    /// <summary>Records sent through the channel so far (written by the producer only).</summary>
    public long RecordsSent => Volatile.Read(ref _recordsSent);

    /// <summary>Time the producer spent blocked on a full channel, in <see cref="System.Diagnostics.Stopwatch"/> ticks (backpressure).</summary>
    public long BlockedTicks => Volatile.Read(ref _blockedTicks);

    /// <summary>Enqueues <paramref name="batch"/>, blocking while the channel is full.</summary>
    public void Send(StreamBatch<T> batch, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        if (!_slots.Wait(0))
        {
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            _slots.Wait(cancellation);
            Volatile.Write(ref _blockedTicks, _blockedTicks + System.Diagnostics.Stopwatch.GetTimestamp() - start);
        }
        Volatile.Write(ref _recordsSent, _recordsSent + batch.Count);
        _queue.Enqueue(batch);
        int queued = Interlocked.Increment(ref _queued);
        int max;
        while (queued > (max = Volatile.Read(ref _maxQueued)) && Interlocked.CompareExchange(ref _maxQueued, queued, max) != max) { }
        Listener?.NotifyInputAvailable();
    }

    /// <summary>Takes the next batch, if any. Give it back with <see cref="Recycle"/> once processed.</summary>
    public bool TryReceive(out StreamBatch<T> batch)
    {
        if (!_queue.TryDequeue(out batch!)) return false;
        Interlocked.Decrement(ref _queued);
        return true;
    }

    /// <summary>Returns a processed batch to the pool and frees its slot.</summary>
    public void Recycle(StreamBatch<T> batch)
    {
        batch.Reset();
        _free.Enqueue(batch);
        _slots.Release();
        Recycled?.Invoke();
    }
}

/// <summary>Untyped statistics of a channel.</summary>
public interface IChannelMetrics
{
    /// <summary>Maximum number of batches in flight.</summary>
    int Capacity { get; }

    /// <summary>Highest number of batches ever queued.</summary>
    int MaxQueued { get; }

    /// <summary>Number of batch objects ever created.</summary>
    int BatchesAllocated { get; }

    /// <summary>Records sent through the channel so far.</summary>
    long RecordsSent { get; }

    /// <summary>Time the producer spent blocked on the full channel, in Stopwatch ticks.</summary>
    long BlockedTicks { get; }
}
