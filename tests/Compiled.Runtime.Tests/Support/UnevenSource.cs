using Compiled.Connectors;

namespace Compiled.Tests.Support;

/// <summary>
/// A bounded, checkpointed source whose subtasks emit different amounts: subtask <c>s</c> of <c>p</c> emits
/// <c>count(s, p)</c> values <c>k * p + s</c> (increasing, so they double as event times). Counts every value it
/// emits over all attempts of a job, so a test can tell whether a restore read anything again.
/// </summary>
public sealed class UnevenSource(Func<int, int, long> count) : ISource<long>
{
    private long _emitted;

    /// <summary>Values emitted so far, over every attempt.</summary>
    public long Emitted => Interlocked.Read(ref _emitted);

    /// <summary>Every value the source emits at parallelism <paramref name="parallelism"/>, in no particular order.</summary>
    public IEnumerable<long> Values(int parallelism) =>
        Enumerable.Range(0, parallelism).SelectMany(s => LongRange(count(s, parallelism)).Select(k => k * parallelism + s));

    private static IEnumerable<long> LongRange(long n)
    {
        for (long k = 0; k < n; k++) yield return k;
    }

    /// <inheritdoc />
    public Boundedness Boundedness => Boundedness.Bounded;

    /// <inheritdoc />
    public ISourceReader<long> CreateReader(SourceReaderContext context) =>
        new Reader(this, context.SubtaskIndex, context.Parallelism, count(context.SubtaskIndex, context.Parallelism));

    private sealed class Reader(UnevenSource source, int subtask, int parallelism, long count) : ISourceReader<long>, ICheckpointedSourceReader
    {
        private long _next;

        public InputStatus PollNext(SourceOutput<long> output)
        {
            long start = _next, end = Math.Min(count, _next + 64);
            for (; _next < end; _next++) output.Collect(_next * parallelism + subtask);
            Interlocked.Add(ref source._emitted, end - start);
            return _next < count ? InputStatus.MoreAvailable : InputStatus.EndOfInput;
        }

        public byte[] SnapshotPosition() => BitConverter.GetBytes(_next);

        public void RestorePosition(ReadOnlySpan<byte> position) => _next = BitConverter.ToInt64(position);

        public void Dispose() { }
    }
}
