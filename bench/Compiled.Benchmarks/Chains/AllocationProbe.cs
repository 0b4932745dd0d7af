using Compiled.Api;
using Compiled.Benchmarks.Report;
using Compiled.Cluster;
using Compiled.Connectors.Nexmark;
using Nexmark.Job;
using Nexmark.Queries;
using Nexmark.Rows;

namespace Compiled.Benchmarks.Chains;

/// <summary>
/// Steady-state allocation of the engine per event: each query (compiled, parallelism 1) over the bids-only
/// generator source (which allocates nothing itself), run at N and 2N events; (bytes(2N) - bytes(N)) / N
/// cancels the per-run setup (threads, buffers, plan) and leaves what each further event costs.
/// </summary>
internal static class AllocationProbe
{
    public static List<AllocationResult> Run(long events)
    {
        var results = new List<AllocationResult>();
        foreach (var (query, build) in Queries())
        {
            build(1000); // warm up
            long small = Measure(build, events);
            long large = Measure(build, 2 * events);
            results.Add(new AllocationResult(query, Math.Max(0, large - small) / (double)events));
        }
        return results;
    }

    private static long Measure(Action<long> build, long events)
    {
        GC.Collect();
        long before = GC.GetTotalAllocatedBytes(precise: true);
        build(events);
        return GC.GetTotalAllocatedBytes(precise: true) - before;
    }

    internal static IEnumerable<(string Query, Action<long> Build)> Queries()
    {
        yield return ("q1", n => Execute(n, Q1.Build));
        yield return ("q2", n => Execute(n, Q2.Build));
        yield return ("q5", n => Execute(n, Q5.Build));
        yield return ("q7", n => Execute(n, Q7.Build));
    }

    private static void Execute<TRow>(long events, Func<DataStream<Bid>, DataStream<TRow>> query) where TRow : INexmarkRow
    {
        var env = new StreamEnvironment(new ExecutionConfig { Parallelism = 1 });
        var bids = env.FromSource(NexmarkSource.Bids(new NexmarkGeneratorConfig { EventCount = events }),
            Compiled.EventTime.WatermarkStrategy.ForBoundedOutOfOrderness<Bid>(static b => b.DateTime, NexmarkInputs.MaxOutOfOrderness));
        new ResultSink(path: null).Write(query(bids), "sink");
        env.Execute();
    }
}
