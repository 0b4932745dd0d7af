using Compiled.Connectors;
using Compiled.Connectors.Nexmark;

namespace Compiled.Benchmarks.Chains;

/// <summary>
/// The bids-only Nexmark source (one reader) that reads the process's allocated bytes (every thread, precise) as it emits the
/// first bid at or after each mark, an event number. Between two marks the job has handled the events between them: the
/// batches in flight between its tasks at a mark are about the same at the next, so they cancel.
/// </summary>
internal sealed class MeteredBids : ISource<Bid>
{
    private readonly ISource<Bid> _bids;
    private readonly long[] _markTimes;
    private readonly Action<int>? _onMark;
    private long _nextMarkTime;

    /// <summary>Generates <paramref name="events"/> events; reads the allocated bytes at the event numbers <paramref name="marks"/> (ascending).</summary>
    /// <param name="events">Events to generate (persons and auctions count, though only bids are emitted).</param>
    /// <param name="marks">Event numbers below <paramref name="events"/>, ascending.</param>
    /// <param name="onMark">Called on the source's thread right after a mark is read, with its index.</param>
    public MeteredBids(long events, long[] marks, Action<int>? onMark = null)
    {
        var config = new NexmarkGeneratorConfig { EventCount = events };
        var generator = new NexmarkGenerator(config);
        _bids = NexmarkSource.Bids(config);
        // A bid's time is its event number's (the generator's clock), so the first bid at or after a mark's time is within the few events of one millisecond of it.
        _markTimes = [.. marks.Select(generator.TimestampOf)];
        _onMark = onMark;
        AllocatedAtMark = new long[marks.Length];
        _nextMarkTime = _markTimes.Length > 0 ? _markTimes[0] : long.MaxValue;
    }

    /// <summary>Process-wide allocated bytes when each mark was reached.</summary>
    public long[] AllocatedAtMark { get; }

    /// <summary>How many marks were reached.</summary>
    public int MarksReached { get; private set; }

    public Boundedness Boundedness => _bids.Boundedness;

    public int? RequiredParallelism => 1;

    public ISourceReader<Bid> CreateReader(SourceReaderContext context) => new Reader(_bids.CreateReader(context), new MeteringOutput(this));

    private void Mark()
    {
        AllocatedAtMark[MarksReached] = GC.GetTotalAllocatedBytes(precise: true);
        _onMark?.Invoke(MarksReached);
        MarksReached++;
        _nextMarkTime = MarksReached < _markTimes.Length ? _markTimes[MarksReached] : long.MaxValue;
    }

    private sealed class Reader(ISourceReader<Bid> bids, MeteringOutput output) : ISourceReader<Bid>
    {
        public InputStatus PollNext(SourceOutput<Bid> target)
        {
            output.Target = target;
            return bids.PollNext(output);
        }

        public void Dispose() => bids.Dispose();
    }

    private sealed class MeteringOutput(MeteredBids owner) : SourceOutput<Bid>
    {
        private MeteringSplit? _split;

        public SourceOutput<Bid> Target { get; set; } = null!;

        public override SplitOutput<Bid> Split(int splitId)
        {
            var target = Target.Split(splitId);
            if (_split is null || !ReferenceEquals(_split.Target, target)) _split = new MeteringSplit(owner, target); // once per split, not per poll
            return _split;
        }

        public override void FinishSplit(int splitId) => Target.FinishSplit(splitId);

        public override void DeadLetter(DeadLetter letter) => Target.DeadLetter(letter);
    }

    private sealed class MeteringSplit(MeteredBids owner, SplitOutput<Bid> target) : SplitOutput<Bid>
    {
        public SplitOutput<Bid> Target => target;

        public override void Collect(in Bid value, long timestamp = long.MinValue)
        {
            if (value.DateTime >= owner._nextMarkTime) owner.Mark();
            target.Collect(value, timestamp);
        }

        public override void MarkActive() => target.MarkActive();
    }
}
