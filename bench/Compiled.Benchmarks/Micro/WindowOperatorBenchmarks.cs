using BenchmarkDotNet.Attributes;
using Compiled.Api;
using Compiled.Benchmarks.Chains;
using Compiled.Connectors.Nexmark;
using Compiled.EventTime;
using Compiled.Windowing;
using Nexmark.Queries.Functions;

namespace Compiled.Benchmarks.Micro;

/// <summary>
/// The window operator per record: bids counted per auction in 10 s tumbling windows, 10 s windows sliding by 2 s, or
/// sessions with a 10 s gap, with a watermark every 256 records, so windows fire as in a job (no source, threads or
/// channels; the key selector is a delegate). Run with <c>./build.sh bench -- micro --filter *WindowOperatorBenchmarks*</c>.
/// </summary>
[MemoryDiagnoser]
public class WindowOperatorBenchmarks
{
    private const int Records = 1 << 18;
    private static readonly TimeSpan Size = TimeSpan.FromSeconds(10);
    private Bid[] _bids = [];
    private ChainHarness<long> _harness = null!;
    private long _offset;
    private long _span;

    /// <summary>Window kind.</summary>
    [Params("tumbling", "sliding", "session")]
    public string Window { get; set; } = "tumbling";

    /// <summary>Generates the bids and builds the operator.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _bids = ChainMeasurements.Bids(Records);
        _span = _bids[^1].DateTime - _bids[0].DateTime + (long)Size.TotalMilliseconds;
        _harness = new ChainHarness<long>(Window switch
        {
            "tumbling" => static bids => bids.KeyBy(static b => b.Auction).Window(TumblingEventTimeWindows.Of(Size)).Aggregate(new CountAggregate<Bid>()),
            "sliding" => static bids => bids.KeyBy(static b => b.Auction).Window(SlidingEventTimeWindows.Of(Size, TimeSpan.FromSeconds(2))).Aggregate(new CountAggregate<Bid>()),
            "session" => static bids => bids.KeyBy(static b => b.Auction).Window(EventTimeSessionWindows.WithGap(Size)).Aggregate(new CountAggregate<Bid>()),
            _ => throw new ArgumentException($"Unknown window kind '{Window}'."),
        }, interpreted: false, WatermarkStrategy.ForMonotonousTimestamps<Bid>(static b => b.DateTime));
    }

    /// <summary>Counts bids per auction and window; each invocation continues later in event time.</summary>
    [Benchmark(OperationsPerInvoke = Records)]
    public long CountPerAuction()
    {
        _harness.PushInEventTime(_bids, _offset, watermarkEvery: 256);
        _offset += _span;
        return _harness.Emitted;
    }
}
