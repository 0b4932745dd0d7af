using System.Collections.Concurrent;
using System.Diagnostics;
using Compiled.Connectors;

namespace Compiled.Benchmarks.Latency;

/// <summary>
/// Records, for every result row, the time from the creation of the events its timestamp names (see
/// <see cref="LatencyClock"/>) to its arrival here. For a row derived from one event that is the event's creation;
/// for a window's row it is the creation of the window's last millisecond, i.e. the earliest moment the row could exist.
/// </summary>
internal sealed class LatencySink<T>(LatencyClock clock, long recordFromEventTime) : ISink<T>
{
    private readonly ConcurrentQueue<LatencyHistogram> _histograms = new();

    /// <summary>All writers' values (read after the job ended).</summary>
    public LatencyHistogram Merged()
    {
        var merged = new LatencyHistogram();
        foreach (var h in _histograms) merged.Add(h);
        return merged;
    }

    public ISinkWriter<T> CreateWriter(SinkContext context)
    {
        var histogram = new LatencyHistogram();
        _histograms.Enqueue(histogram);
        return new Writer(clock, recordFromEventTime, histogram);
    }

    private sealed class Writer(LatencyClock clock, long recordFromEventTime, LatencyHistogram histogram) : ISinkWriter<T>
    {
        private static readonly double MicrosPerTick = 1_000_000.0 / Stopwatch.Frequency;

        public void Write(in T value, long timestamp)
        {
            if (timestamp < recordFromEventTime) return; // warm-up, or a row without a timestamp (long.MinValue)
            histogram.Record((long)((Stopwatch.GetTimestamp() - clock.CreationTicks(timestamp)) * MicrosPerTick));
        }

        public void Finish() { }

        public void Dispose() { }
    }
}
