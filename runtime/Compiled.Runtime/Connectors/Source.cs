using Compiled.Functions;

namespace Compiled.Connectors;

/// <summary>Whether a source ends.</summary>
public enum Boundedness
{
    /// <summary>The source ends; the job then finishes with a final watermark so every window fires.</summary>
    Bounded,

    /// <summary>The source runs until the job is cancelled.</summary>
    Unbounded,
}

/// <summary>Result of one poll of a source reader.</summary>
public enum InputStatus
{
    /// <summary>More records are available now: poll again soon.</summary>
    MoreAvailable,

    /// <summary>Nothing right now; the task waits briefly before polling again.</summary>
    NothingAvailable,

    /// <summary>The reader has emitted everything.</summary>
    EndOfInput,
}

/// <summary>What a source reader knows about its parallel instance.</summary>
/// <param name="SourceName">Name of the source operator.</param>
/// <param name="SubtaskIndex">Index of this reader's subtask.</param>
/// <param name="Parallelism">Number of readers.</param>
public sealed record SourceReaderContext(string SourceName, int SubtaskIndex, int Parallelism);

/// <summary>A source of records, read in parallel: each subtask gets its own reader over its share of the splits.</summary>
public interface ISource<T>
{
    /// <summary>Whether the source ends.</summary>
    Boundedness Boundedness { get; }

    /// <summary>Creates the reader of one subtask.</summary>
    ISourceReader<T> CreateReader(SourceReaderContext context);

    /// <summary>A parallelism the source needs (1 for non-parallel sources), or null for any.</summary>
    int? RequiredParallelism => null;
}

/// <summary>Reads one subtask's splits. Called only from the task's thread.</summary>
public interface ISourceReader<T> : IDisposable
{
    /// <summary>Emits a bounded amount of records (a batch) to <paramref name="output"/> and says whether more are available.</summary>
    InputStatus PollNext(SourceOutput<T> output);
}

/// <summary>
/// Where a reader emits records. Each split has its own watermark generator (per-split watermarks);
/// the source's watermark is the minimum over its active splits.
/// </summary>
public abstract class SourceOutput<T>
{
    /// <summary>Emits a record of split 0 (readers with one split per subtask).</summary>
    public void Collect(in T value, long timestamp = long.MinValue) => Split(0).Collect(value, timestamp);

    /// <summary>The output of split <paramref name="splitId"/>, created on first use.</summary>
    public abstract SplitOutput<T> Split(int splitId);

    /// <summary>The split has ended: it no longer holds back the watermark.</summary>
    public abstract void FinishSplit(int splitId);

    /// <summary>Reports a malformed input record: it goes to the dead-letter output (or fails the job, per configuration).</summary>
    public abstract void DeadLetter(DeadLetter letter);
}

/// <summary>Output of one split.</summary>
public abstract class SplitOutput<T>
{
    /// <summary>Emits a record; its event timestamp comes from the watermark strategy's assigner, else <paramref name="timestamp"/>.</summary>
    public abstract void Collect(in T value, long timestamp = long.MinValue);

    /// <summary>
    /// The split has records the reader has not emitted yet (still fetching them, or behind): it is not idle, however
    /// long since its last record. Readers that cannot tell an empty split from a slow one need not call it.
    /// </summary>
    public virtual void MarkActive() { }
}

/// <summary>A malformed input record with where it came from and why it was rejected.</summary>
/// <param name="Source">File name, topic or source name.</param>
/// <param name="Position">Line number (1-based) or offset.</param>
/// <param name="Reason">Why the record was rejected.</param>
/// <param name="Content">The raw record, possibly truncated.</param>
public sealed record DeadLetter(string Source, long Position, string Reason, string Content)
{
    /// <summary>The side output of a source that carries its dead letters.</summary>
    public static readonly OutputTag<DeadLetter> Tag = new("dead-letters");
}

/// <summary>What to do with malformed input records.</summary>
public enum MalformedRecordPolicy
{
    /// <summary>Send them to the dead-letter side output and keep running (default).</summary>
    DeadLetter,

    /// <summary>Fail the job with an error naming the record.</summary>
    Fail,
}

/// <summary>A reader whose position can be checkpointed, so that a restore replays exactly what followed it.</summary>
public interface ICheckpointedSourceReader
{
    /// <summary>The position after the last record emitted (called between polls, on the task thread).</summary>
    byte[] SnapshotPosition();

    /// <summary>Continues from a position returned by <see cref="SnapshotPosition"/> (called before the first poll).</summary>
    void RestorePosition(ReadOnlySpan<byte> position);
}

/// <summary>
/// A checkpointed reader told when a checkpoint holding its position completed: for side effects that must wait
/// until the position is durable, such as committing offsets back to a message broker for monitoring.
/// </summary>
public interface ICheckpointListeningSourceReader : ICheckpointedSourceReader
{
    /// <summary>
    /// Checkpoint <paramref name="checkpointId"/> completed; <paramref name="position"/> is what
    /// <see cref="ICheckpointedSourceReader.SnapshotPosition"/> returned for it. Called on the task thread, at most
    /// once per checkpoint, never for an aborted one; a skipped notification is covered by the next one.
    /// </summary>
    void NotifyCheckpointComplete(long checkpointId, ReadOnlySpan<byte> position);
}

/// <summary>A checkpointed reader that can also restore after the parallelism changed, from the positions of all previous readers.</summary>
public interface IRescalableSourceReader : ICheckpointedSourceReader
{
    /// <summary>Continues so that, together, the new readers emit exactly what the previous ones had not.</summary>
    /// <param name="previousParallelism">Number of readers that wrote the positions.</param>
    /// <param name="positions">Position of every previous reader, by its subtask index.</param>
    void RestorePositions(int previousParallelism, IReadOnlyDictionary<int, byte[]> positions);
}
