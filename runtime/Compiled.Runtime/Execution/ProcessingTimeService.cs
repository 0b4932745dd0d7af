namespace Compiled.Execution;

/// <summary>Processing time of a task, and timers whose callbacks run on the task's thread.</summary>
public interface IProcessingTimeService
{
    /// <summary>Current processing time in epoch milliseconds.</summary>
    long CurrentTime { get; }

    /// <summary>Runs <paramref name="callback"/> (with the scheduled time) on the task's thread once the clock reaches <paramref name="timestamp"/>.</summary>
    void Schedule(long timestamp, Action<long> callback);
}

/// <summary>Processing time from a <see cref="TimeProvider"/>; timers post their callbacks into the task's mailbox.</summary>
internal sealed class MailboxProcessingTimeService(TimeProvider time, Mailbox mailbox) : IProcessingTimeService, IDisposable
{
    private readonly List<ITimer> _timers = [];
    private bool _disposed;

    public long CurrentTime => time.GetUtcNow().ToUnixTimeMilliseconds();

    public void Schedule(long timestamp, Action<long> callback)
    {
        lock (_timers)
        {
            if (_disposed) return;
            long delay = Math.Max(0, timestamp - CurrentTime);
            ITimer? timer = null;
            timer = time.CreateTimer(_ =>
            {
                mailbox.Put(() => callback(timestamp));
                lock (_timers) _timers.Remove(timer!);
            }, null, TimeSpan.FromMilliseconds(delay), Timeout.InfiniteTimeSpan);
            _timers.Add(timer);
        }
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
