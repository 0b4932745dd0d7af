using Compiled.Connectors;

namespace Nexmark.Job;

/// <summary>
/// Counts the records that reach it and forwards them to an optional inner sink (none: count only), at most
/// <paramref name="maxRecordsPerSecond"/> records per second over all its writers (a slow downstream, e.g. to see backpressure).
/// </summary>
/// <typeparam name="T">Record type.</typeparam>
/// <param name="counter">Where the writers add their counts when the input ends.</param>
/// <param name="inner">The sink that really writes the records, or null to only count them.</param>
/// <param name="maxRecordsPerSecond">Cap on the records written per second by all writers together; infinity for none.</param>
public sealed class CountingSink<T>(RecordCounter counter, ISink<T>? inner = null, double maxRecordsPerSecond = double.PositiveInfinity) : ISink<T>
{
    /// <inheritdoc />
    public int? RequiredParallelism => inner?.RequiredParallelism;

    /// <inheritdoc />
    public ISinkWriter<T> CreateWriter(SinkContext context) =>
        new Writer(counter, inner?.CreateWriter(context), maxRecordsPerSecond / Math.Max(1, context?.Parallelism ?? 1));

    /// <summary>Counts and forwards; takes part in the inner writer's two-phase commit when it has one.</summary>
    private sealed class Writer(RecordCounter counter, ISinkWriter<T>? inner, double maxPerSecond) : ISinkWriter<T>, ITwoPhaseCommitWriter
    {
        private long _count;
        private long _written;
        private long _start;

        public void Write(in T value, long timestamp)
        {
            _count++;
            if (!double.IsPositiveInfinity(maxPerSecond)) Throttle();
            inner?.Write(value, timestamp);
        }

        /// <summary>Sleeps while this writer is ahead of its share of the rate (counted from its first record).</summary>
        private void Throttle()
        {
            if (_written++ == 0) _start = System.Diagnostics.Stopwatch.GetTimestamp();
            while (_written > maxPerSecond * System.Diagnostics.Stopwatch.GetElapsedTime(_start).TotalSeconds) Thread.Sleep(1);
        }

        public void Finish()
        {
            inner?.Finish();
            counter.Add(_count);
            _count = 0;
        }

        public byte[] PreCommit(long checkpointId) => inner is ITwoPhaseCommitWriter transactional ? transactional.PreCommit(checkpointId) : [];

        public void Commit(long checkpointId) => (inner as ITwoPhaseCommitWriter)?.Commit(checkpointId);

        public void Recover(ReadOnlySpan<byte> state) => (inner as ITwoPhaseCommitWriter)?.Recover(state);

        public void RecoverRescaled(int subtask, int parallelism, IReadOnlyDictionary<int, byte[]> previousStates) =>
            (inner as ITwoPhaseCommitWriter)?.RecoverRescaled(subtask, parallelism, previousStates);

        public void Dispose() => inner?.Dispose();
    }
}

/// <summary>A thread-safe total shared by the parallel writers of a <see cref="CountingSink{T}"/>.</summary>
public sealed class RecordCounter
{
    private long _count;

    /// <summary>Records counted so far (complete once the job has finished).</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Adds <paramref name="records"/>.</summary>
    public void Add(long records) => Interlocked.Add(ref _count, records);
}
