namespace Compiled.Connectors.Nexmark;

/// <summary>
/// The deterministic Nexmark generator as a parallel source: subtask i generates event numbers
/// i, i+P, i+2P, ... so the union over subtasks is the same sequence at any parallelism.
/// </summary>
public static class NexmarkSource
{
    /// <summary>All events (persons, auctions, bids).</summary>
    public static ISource<NexmarkEvent> Events(NexmarkGeneratorConfig config) =>
        new Source<NexmarkEvent>(config, (g, n, split) => split.Collect(g.Generate(n)));

    /// <summary>Only the bids of the same event sequence (cheaper when a query reads bids only).</summary>
    public static ISource<Bid> Bids(NexmarkGeneratorConfig config) =>
        new Source<Bid>(config, (g, n, split) =>
        {
            if (g.TypeOf(n) == NexmarkEventType.Bid) split.Collect(g.GenerateBid(n));
        });

    private delegate void Emit<T>(NexmarkGenerator generator, long eventNumber, SplitOutput<T> split);

    private sealed class Source<T>(NexmarkGeneratorConfig config, Emit<T> emit) : ISource<T>
    {
        public Boundedness Boundedness => config.EventCount > 0 ? Boundedness.Bounded : Boundedness.Unbounded;

        public ISourceReader<T> CreateReader(SourceReaderContext context) => new Reader<T>(new NexmarkGenerator(config), config.EventCount, context, emit);
    }

    private sealed class Reader<T>(NexmarkGenerator generator, long eventCount, SourceReaderContext context, Emit<T> emit) : ISourceReader<T>, ICheckpointedSourceReader
    {
        private const int BatchSize = 1024;
        private readonly long _count = eventCount > 0
            ? NexmarkGenerator.EventCountOfSplit(context.SubtaskIndex, context.Parallelism, eventCount)
            : long.MaxValue;
        private long _index;

        public InputStatus PollNext(SourceOutput<T> output)
        {
            var split = output.Split(context.SubtaskIndex);
            long end = Math.Min(_count, _index + BatchSize);
            for (; _index < end; _index++)
                emit(generator, NexmarkGenerator.EventNumberOfSplit(context.SubtaskIndex, context.Parallelism, _index), split);
            return _index < _count ? InputStatus.MoreAvailable : InputStatus.EndOfInput;
        }

        public byte[] SnapshotPosition() => BitConverter.GetBytes(_index);

        public void RestorePosition(ReadOnlySpan<byte> position) => _index = BitConverter.ToInt64(position);

        public void Dispose() { }
    }
}
