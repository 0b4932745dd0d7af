namespace Compiled.Functions;

/// <summary>
/// Where a fused chain with flat-maps puts its results: straight into slots of the operator's output (the next
/// exchange batch when it feeds one channel), stamped with the timestamp of the record being processed.
/// A sealed class, so generated code calls <see cref="Collect"/> directly.
/// </summary>
public sealed class ChainCollector<T> : ICollector<T>
{
    private readonly Func<(T[] Values, long[] Timestamps, int Start, int Length)> _reserve;
    private readonly Action<int> _commit;
    private T[] _values = [];
    private long[] _timestamps = [];
    private int _next, _end, _start;

    /// <summary>Creates a collector over an output's reserve and commit.</summary>
    public ChainCollector(Func<(T[] Values, long[] Timestamps, int Start, int Length)> reserve, Action<int> commit)
    {
        _reserve = reserve;
        _commit = commit;
    }

    /// <summary>Timestamp given to collected records.</summary>
    public long Timestamp { get; set; }

    /// <inheritdoc />
    public void Collect(in T value)
    {
        if (_next == _end) Renew();
        _values[_next] = value;
        _timestamps[_next++] = Timestamp;
    }

    /// <summary>Emits what was collected since the last call.</summary>
    public void Flush()
    {
        if (_next == _start) return;
        _commit(_next - _start);
        _next = _end = _start = 0;
        _values = [];
    }

    private void Renew()
    {
        Flush();
        (_values, _timestamps, _start, int length) = _reserve();
        _next = _start;
        _end = _start + length;
    }
}
