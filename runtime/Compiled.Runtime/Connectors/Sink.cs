namespace Compiled.Connectors;

/// <summary>What a sink writer knows about its parallel instance.</summary>
/// <param name="SinkName">Name of the sink operator.</param>
/// <param name="SubtaskIndex">Index of this writer's subtask.</param>
/// <param name="Parallelism">Number of writers.</param>
public sealed record SinkContext(string SinkName, int SubtaskIndex, int Parallelism)
{
    /// <summary>
    /// Whether the job takes periodic checkpoints. A transactional sink commits per checkpoint only then; without
    /// checkpoints nothing would ever commit its transactions, so it writes in committed batches instead.
    /// </summary>
    public bool Checkpointing { get; init; }
}

/// <summary>A destination of records; each subtask writes through its own writer.</summary>
public interface ISink<T>
{
    /// <summary>Creates the writer of one subtask.</summary>
    ISinkWriter<T> CreateWriter(SinkContext context);

    /// <summary>A parallelism the sink needs (1 for a single output file), or null for any.</summary>
    int? RequiredParallelism => null;
}

/// <summary>Writes one subtask's records. Called only from the task's thread.</summary>
public interface ISinkWriter<T> : IDisposable
{
    /// <summary>Writes one record.</summary>
    void Write(in T value, long timestamp);

    /// <summary>Called at the end of a bounded input: make everything durable.</summary>
    void Finish();
}

/// <summary>
/// A sink writer with two-phase commit tied to checkpoints: at a barrier it makes what it wrote durable but not
/// visible (pre-commit), when the checkpoint completes it makes it visible (commit), and on restore it commits what
/// the restored checkpoint covered and discards the rest — so readers never see uncommitted or duplicated records.
/// </summary>
public interface ITwoPhaseCommitWriter
{
    /// <summary>Pre-commits everything written since the last barrier; returns the state needed to commit or recover it.</summary>
    byte[] PreCommit(long checkpointId);

    /// <summary>Commits every pre-commit up to <paramref name="checkpointId"/>.</summary>
    void Commit(long checkpointId);

    /// <summary>After a restore: commits the transactions in <paramref name="state"/> and discards any others of this writer.</summary>
    void Recover(ReadOnlySpan<byte> state);

    /// <summary>
    /// After a restore at another parallelism: takes over the transactions of the previous writers assigned to this one
    /// (previous subtask index modulo the new parallelism), committing what the checkpoint covered and discarding the rest.
    /// </summary>
    void RecoverRescaled(int subtask, int parallelism, IReadOnlyDictionary<int, byte[]> previousStates) =>
        throw new NotSupportedException($"{GetType().Name} cannot restore its transactions at another parallelism; restore at the checkpoint's parallelism.");
}
