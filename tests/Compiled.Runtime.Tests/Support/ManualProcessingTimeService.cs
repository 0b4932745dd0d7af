using Compiled.Execution;

namespace Compiled.Tests.Support;

/// <summary>Processing time for operator harnesses: the test sets the clock, and due callbacks run synchronously in timestamp order.</summary>
public sealed class ManualProcessingTimeService(long start = 0) : IProcessingTimeService
{
    private readonly PriorityQueue<Action<long>, (long Time, long Sequence)> _scheduled = new();
    private long _sequence;

    /// <inheritdoc />
    public long CurrentTime { get; private set; } = start;

    /// <summary>Number of callbacks not yet run.</summary>
    public int PendingCount => _scheduled.Count;

    /// <inheritdoc />
    public void Schedule(long timestamp, Action<long> callback) => _scheduled.Enqueue(callback, (timestamp, _sequence++));

    /// <summary>Sets the clock to <paramref name="time"/> and runs every callback due by then, earliest first.</summary>
    public void AdvanceTo(long time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(time, CurrentTime);
        while (_scheduled.TryPeek(out var callback, out var due) && due.Time <= time)
        {
            _scheduled.Dequeue();
            CurrentTime = Math.Max(CurrentTime, due.Time);
            callback(due.Time);
        }
        CurrentTime = time;
    }
}
