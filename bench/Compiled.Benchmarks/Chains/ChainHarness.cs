using Compiled.Api;
using Compiled.Cluster;
using Compiled.Connectors;
using Compiled.Connectors.Nexmark;
using Compiled.EventTime;
using Compiled.Execution;
using Compiled.Functions;
using Compiled.Plan;

namespace Compiled.Benchmarks.Chains;

/// <summary>
/// The operators a query puts between its bid input and its sink, instantiated and wired exactly as a task
/// would (chained calls), so records can be pushed through them without threads, channels or sources.
/// </summary>
internal sealed class ChainHarness<TOut>
{
    private readonly IInput<Bid> _head;
    private readonly CountingOutput<TOut> _tail = new();

    /// <summary>Builds the operators of <paramref name="query"/>; event-time operators need <paramref name="watermarks"/>.</summary>
    public ChainHarness(Func<DataStream<Bid>, DataStream<TOut>> query, bool interpreted, WatermarkStrategy<Bid>? watermarks = null)
    {
        var env = new StreamEnvironment(new ExecutionConfig { Parallelism = 1, Interpreted = interpreted });
        query(env.FromCollection(Array.Empty<Bid>(), watermarks)).SinkTo(new CollectSink<TOut>());
        var nodes = env.BuildPlan().Nodes.Where(n => !n.IsSource && n.Outputs.Count > 0).ToList();
        var processingTime = new NoProcessingTime();
        var operators = nodes.Select(n =>
        {
            var op = n.CreateOperator();
            op.Initialize(new OperatorSetup(n.Name, 0, 1, 128, processingTime));
            return op;
        }).ToList();
        for (int i = nodes.Count - 1; i >= 0; i--)
        {
            var next = i + 1 < nodes.Count ? operators[i + 1] : null;
            nodes[i].WireOutput(operators[i], edge => next is null ? _tail : edge.CreateChainedOutput(next));
        }
        foreach (var op in operators) op.Open();
        OperatorCount = operators.Count;
        _head = (IInput<Bid>)operators[0];
    }

    /// <summary>Operators between input and sink (1 when the generator fused them).</summary>
    public int OperatorCount { get; }

    /// <summary>Records that reached the end of the chain.</summary>
    public long Emitted => _tail.Count;

    /// <summary>Pushes the bids in exchange-sized batches, as a task's input channel delivers them.</summary>
    public void Push(Bid[] bids)
    {
        var timestamps = _timestamps ??= TimestampsOf(bids);
        for (int start = 0; start < bids.Length; start += BatchSize)
        {
            int count = Math.Min(BatchSize, bids.Length - start);
            _head.ProcessBatch(bids.AsSpan(start, count), timestamps.AsSpan(start, count));
        }
    }

    private const int BatchSize = 512;
    private long[]? _timestamps;

    private static long[] TimestampsOf(Bid[] bids) => [.. bids.Select(b => b.DateTime)];

    /// <summary>
    /// Pushes the bids at their event times moved by <paramref name="offset"/> (so repeated pushes go forward in time),
    /// with a watermark (largest time so far - 1) after every <paramref name="watermarkEvery"/> records and at the end.
    /// </summary>
    public void PushInEventTime(Bid[] bids, long offset, int watermarkEvery)
    {
        long max = long.MinValue;
        for (int i = 0; i < bids.Length; i++)
        {
            long t = bids[i].DateTime + offset;
            if (t > max) max = t;
            _head.ProcessElement(bids[i], t);
            if ((i + 1) % watermarkEvery == 0) _head.ProcessWatermark(max - 1);
        }
        _head.ProcessWatermark(max - 1);
    }

    /// <summary>
    /// The end of the chain, standing for the next exchange: rows land in one reused exchange-sized batch as a RecordWriter
    /// appends them (one at a time, or written in place into reserved slots), and are counted.
    /// </summary>
    private sealed class CountingOutput<T> : Output<T>
    {
        private readonly T[] _batch = new T[BatchSize];
        private readonly long[] _batchTimestamps = new long[BatchSize];
        private int _next;
        public long Count;

        public override void Collect(in T value, long timestamp)
        {
            _batch[_next] = value;
            _batchTimestamps[_next] = timestamp;
            if (++_next == BatchSize) _next = 0;
            Count++;
        }

        public override Compiled.Network.OutputSpace<T> Reserve() => new(_batch, _batchTimestamps, 0, BatchSize);
        public override void Commit(int count) => Count += count;
        public override void CollectBatch(ReadOnlySpan<T> values, ReadOnlySpan<long> timestamps) => Count += values.Length;
        public override void EmitWatermark(long watermark) { }
        public override void EmitWatermarkStatus(bool idle) { }
        public override void CollectSide<TSide>(OutputTag<TSide> tag, in TSide value, long timestamp) { }
    }

    private sealed class NoProcessingTime : IProcessingTimeService
    {
        public long CurrentTime => 0;
        public void Schedule(long timestamp, Action<long> callback) { }
    }
}
