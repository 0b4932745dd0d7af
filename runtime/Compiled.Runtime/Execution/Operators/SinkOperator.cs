using Compiled.Connectors;
using Compiled.Execution.Checkpoints;

namespace Compiled.Execution.Operators;

/// <summary>
/// Hands records to a sink writer. When the task ends with a final checkpoint, a two-phase-commit writer is not
/// finished at the end of input: the final checkpoint pre-commits its last transaction, and the writer commits and
/// finishes when that checkpoint completes, so nothing becomes visible that a restore could replay.
/// </summary>
public sealed class SinkOperator<T>(ISink<T> sink) : OneInputOperator<T, T>, ICheckpointedOperator
{
    private ISinkWriter<T>? _writer;
    private long? _finalCheckpoint;
    private bool _finished;

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
    public override void Finish()
    {
        if (Setup.FinalCheckpoint && _writer is ITwoPhaseCommitWriter) return; // committed and finished on the final checkpoint
        _writer!.Finish();
        _finished = true;
    }

    /// <inheritdoc />
    public override void Close() => _writer?.Dispose();

    /// <inheritdoc />
    public void SnapshotState(long checkpointId, OperatorSnapshot snapshot)
    {
        if (_writer is not ITwoPhaseCommitWriter transactional) return;
        snapshot.OperatorState = transactional.PreCommit(checkpointId);
        if (snapshot.IsFinished) _finalCheckpoint ??= checkpointId;
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
        if (_writer is not ITwoPhaseCommitWriter transactional || _finished) return;
        transactional.Commit(checkpointId);
        if (_finalCheckpoint is { } final && checkpointId >= final)
        {
            _writer.Finish(); // everything is committed: nothing is left for Finish to make visible
            _finished = true;
        }
    }
}
