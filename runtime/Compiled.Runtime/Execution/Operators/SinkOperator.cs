using Compiled.Connectors;
using Compiled.Execution.Checkpoints;

namespace Compiled.Execution.Operators;

/// <summary>Hands records to a sink writer.</summary>
public sealed class SinkOperator<T>(ISink<T> sink) : OneInputOperator<T, T>, ICheckpointedOperator
{
    private ISinkWriter<T>? _writer;

    /// <inheritdoc />
    public override void Open() => _writer = sink.CreateWriter(new SinkContext(Setup.Name, Setup.SubtaskIndex, Setup.Parallelism) { Checkpointing = Setup.Checkpointing });

    /// <inheritdoc />
    public override void ProcessElement(in T value, long timestamp) => _writer!.Write(value, timestamp);

    /// <inheritdoc />
    public override void ProcessBatch(ReadOnlySpan<T> values, ReadOnlySpan<long> timestamps)
    {
        var writer = _writer!;
        for (int i = 0; i < values.Length; i++) writer.Write(values[i], timestamps[i]);
    }

    /// <inheritdoc />
    public override void ProcessWatermark(long watermark) => CurrentWatermark = watermark;

    /// <inheritdoc />
    public override void ProcessWatermarkStatus(bool idle) { }

    /// <inheritdoc />
    public override void Finish() => _writer!.Finish();

    /// <inheritdoc />
    public override void Close() => _writer?.Dispose();

    /// <inheritdoc />
    public void SnapshotState(long checkpointId, OperatorSnapshot snapshot)
    {
        if (_writer is ITwoPhaseCommitWriter transactional) snapshot.OperatorState = transactional.PreCommit(checkpointId);
    }

    /// <inheritdoc />
    public void RestoreState(RestoredState state)
    {
        if (_writer is not ITwoPhaseCommitWriter transactional || state.PreviousParallelism == 0) return;
        if (state.PreviousParallelism == Setup.Parallelism)
        {
            if (state.OperatorState is { } transactions) transactional.Recover(transactions);
        }
        else transactional.RecoverRescaled(Setup.SubtaskIndex, Setup.Parallelism, state.OperatorStates);
    }

    /// <inheritdoc />
    public void NotifyCheckpointComplete(long checkpointId)
    {
        if (_writer is ITwoPhaseCommitWriter transactional) transactional.Commit(checkpointId);
    }
}
