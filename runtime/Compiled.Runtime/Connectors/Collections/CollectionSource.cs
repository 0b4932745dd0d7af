namespace Compiled.Connectors;

/// <summary>A bounded source over an in-memory list, read in order by one subtask (as Flink's fromCollection).</summary>
public sealed class CollectionSource<T>(IReadOnlyList<T> items) : ISource<T>
{
    /// <inheritdoc />
    public Boundedness Boundedness => Boundedness.Bounded;

    /// <inheritdoc />
    public int? RequiredParallelism => 1;

    /// <inheritdoc />
    public ISourceReader<T> CreateReader(SourceReaderContext context) => new Reader(items);

    private sealed class Reader(IReadOnlyList<T> items) : ISourceReader<T>, ICheckpointedSourceReader
    {
        private const int BatchSize = 256;
        private int _next;

        public InputStatus PollNext(SourceOutput<T> output)
        {
            var split = output.Split(0);
            int end = Math.Min(items.Count, _next + BatchSize);
            for (; _next < end; _next++) split.Collect(items[_next]);
            return _next < items.Count ? InputStatus.MoreAvailable : InputStatus.EndOfInput;
        }

        public byte[] SnapshotPosition() => BitConverter.GetBytes(_next);

        public void RestorePosition(ReadOnlySpan<byte> position) => _next = BitConverter.ToInt32(position);

        public void Dispose() { }
    }
}
