using Compiled.Api;
using Compiled.Benchmarks.Report;
using Compiled.Cluster;
using Compiled.Connectors.Nexmark;
using Nexmark.Job;
using Nexmark.Queries;
using Nexmark.Rows;

namespace Compiled.Benchmarks.Chains;

/// <summary>
/// Steady-state allocation of the engine per event: each query (compiled, parallelism 1) over the bids-only generator
/// source (which allocates nothing itself) and a counting sink, in one run of 2N + N/4 events. The source reads the
/// process's allocated bytes (every thread, <c>GC.GetTotalAllocatedBytes(precise: true)</c>) as it emits event N and
/// event 2N (<see cref="MeteredBids"/>); the difference over N is the figure. The first N events are the warm-up: the
/// JIT has tiered up and the state and timers have reached their working size (q7's windows last 100,000 events, q5's
/// 100,000 with a new one every 20,000), so setup, first growth and the end-of-input flush are outside the interval,
/// while anything allocated per event, per window or per timer inside it is counted.
/// </summary>
internal static class AllocationProbe
{
    public static List<AllocationResult> Run(long events)
    {
        var results = new List<AllocationResult>();
        foreach (var (query, run) in Queries())
        {
            var source = Interval(events);
            run(source);
            results.Add(new AllocationResult(query, BytesPerEvent(source, events)));
        }
        return results;
    }

    /// <summary>A source whose marks are events N and 2N of a run of 2N + N/4 events.</summary>
    internal static MeteredBids Interval(long events, Action<int>? onMark = null) =>
        new(2 * events + events / 4, [events, 2 * events], onMark);

    /// <summary>Allocated bytes per event between the marks of <see cref="Interval"/>.</summary>
    internal static double BytesPerEvent(MeteredBids source, long events) =>
        source.MarksReached == 2
            ? (source.AllocatedAtMark[1] - source.AllocatedAtMark[0]) / (double)events
            : throw new InvalidOperationException($"The source reached {source.MarksReached} of its 2 marks.");

    internal static IEnumerable<(string Query, Action<MeteredBids> Run)> Queries()
    {
        yield return ("q1", source => Execute(source, Q1.Build));
        yield return ("q2", source => Execute(source, Q2.Build));
        yield return ("q5", source => Execute(source, Q5.Build));
        yield return ("q7", source => Execute(source, Q7.Build));
    }

    private static void Execute<TRow>(MeteredBids source, Func<DataStream<Bid>, DataStream<TRow>> query) where TRow : INexmarkRow
    {
        var env = new StreamEnvironment(new ExecutionConfig { Parallelism = 1 });
        var bids = env.FromSource(source,
            Compiled.EventTime.WatermarkStrategy.ForBoundedOutOfOrderness<Bid>(static b => b.DateTime, NexmarkInputs.MaxOutOfOrderness));
        new ResultSink(path: null).Write(query(bids), "sink");
        env.Execute();
    }
}
