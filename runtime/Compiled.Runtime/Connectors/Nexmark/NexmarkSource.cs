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

    /// <summary>The events the readers of a previous parallelism emitted: reader j emitted j, j+P, ... below its index.</summary>
    private sealed class PreviouslyEmitted(int parallelism, long[] indexes)
    {
        /// <summary>The largest event number any previous reader emitted.</summary>
        public long Last { get; } = indexes.Select((index, j) => index == 0 ? -1 : j + (index - 1) * parallelism).DefaultIfEmpty(-1).Max();

        public bool Contains(long eventNumber) => eventNumber / parallelism < indexes[eventNumber % parallelism];
    }

    private sealed class Source<T>(NexmarkGeneratorConfig config, Emit<T> emit) : ISource<T>
    {
        public Boundedness Boundedness => config.EventCount > 0 ? Boundedness.Bounded : Boundedness.Unbounded;

        public ISourceReader<T> CreateReader(SourceReaderContext context) => new Reader<T>(new NexmarkGenerator(config), config.EventCount, context, emit);
    }

    private sealed class Reader<T>(NexmarkGenerator generator, long eventCount, SourceReaderContext context, Emit<T> emit) : ISourceReader<T>, IRescalableSourceReader
    {
        private const int BatchSize = 1024;
        private readonly long _count = eventCount > 0
            ? NexmarkGenerator.EventCountOfSplit(context.SubtaskIndex, context.Parallelism, eventCount)
            : long.MaxValue;
        private long _index;
        private PreviouslyEmitted? _previous;

        public InputStatus PollNext(SourceOutput<T> output)
        {
            var split = output.Split(context.SubtaskIndex);
            long end = Math.Min(_count, _index + BatchSize);
            for (; _index < end; _index++)
            {
                long n = NexmarkGenerator.EventNumberOfSplit(context.SubtaskIndex, context.Parallelism, _index);
                if (_previous is { } previous)
                {
                    if (previous.Contains(n)) continue;
                    if (n > previous.Last) _previous = null;
                }
                emit(generator, n, split);
            }
            return _index < _count ? InputStatus.MoreAvailable : InputStatus.EndOfInput;
        }

        public byte[] SnapshotPosition() => BitConverter.GetBytes(_index);

        public void RestorePosition(ReadOnlySpan<byte> position) => _index = BitConverter.ToInt64(position);

        /// <summary>After rescaling: this reader walks its new share from the start and skips what the old readers emitted.</summary>
        public void RestorePositions(int previousParallelism, IReadOnlyDictionary<int, byte[]> positions)
        {
            var emitted = new long[previousParallelism];
            foreach (var (subtask, position) in positions) emitted[subtask] = BitConverter.ToInt64(position);
            _previous = new PreviouslyEmitted(previousParallelism, emitted);
            _index = 0;
        }

        public void Dispose() { }
    }
}
