namespace Compiled.Execution;

/// <summary>Processing time of a task, and timers whose callbacks run on the task's thread.</summary>
public interface IProcessingTimeService
{
    /// <summary>Current processing time in epoch milliseconds.</summary>
    long CurrentTime { get; }

    /// <summary>
    /// Runs <paramref name="callback"/> (with the scheduled time) on the task's thread once the clock has passed
    /// <paramref name="timestamp"/>: work done while the clock still reads <paramref name="timestamp"/> comes before it.
    /// </summary>
    void Schedule(long timestamp, Action<long> callback);
}

/// <summary>Processing time from a <see cref="TimeProvider"/>; timers post their callbacks into the task's mailbox.</summary>
internal sealed class MailboxProcessingTimeService(TimeProvider time, Mailbox mailbox) : IProcessingTimeService, IDisposable
{
    private readonly List<ITimer> _timers = [];
    private bool _disposed;

    public long CurrentTime => time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Timers armed and not yet fired (for tests).</summary>
    internal int PendingCount
    {
        get { lock (_timers) return _timers.Count; }
    }

    public void Schedule(long timestamp, Action<long> callback)
    {
        lock (_timers)
        {
            if (!_disposed) Arm(timestamp, callback);
        }
    }

    /// <summary>Arms a timer for the millisecond after <paramref name="timestamp"/>; called under the lock.</summary>
    private void Arm(long timestamp, Action<long> callback)
    {
        long delay = Math.Max(0, timestamp - CurrentTime) + 1;
        ITimer? timer = null;
        timer = time.CreateTimer(_ =>
        {
            lock (_timers)
            {
                _timers.Remove(timer!);
                if (_disposed) return;
                // Timers count coarse milliseconds and may fire early: a processing-time window fired before its end
                // would be opened again by a record of its last milliseconds and emitted twice. Wait again instead.
                if (CurrentTime <= timestamp)
                {
                    Arm(timestamp, callback);
                    return;
                }
            }
            mailbox.Put(() => callback(timestamp));
        }, null, TimeSpan.FromMilliseconds(delay), Timeout.InfiniteTimeSpan);
        _timers.Add(timer);
    }

    public void Dispose()
    {
        lock (_timers)
        {
            _disposed = true;
            foreach (var t in _timers) t.Dispose();
            _timers.Clear();
        }
    }
}
