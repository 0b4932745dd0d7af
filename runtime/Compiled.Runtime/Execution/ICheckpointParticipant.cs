namespace Compiled.Execution;

/// <summary>
/// A subtask as the checkpoint coordinator sees it: a <see cref="StreamTask"/> in this process, or a proxy of a
/// subtask running on a cluster worker.
/// </summary>
internal interface ICheckpointParticipant
{
    /// <summary>Parallel instance index (state files are named by it).</summary>
    int SubtaskIndex { get; }

    /// <summary>Whether the subtask is processing (opened and not finished).</summary>
    bool IsRunning { get; }

    /// <summary>Source subtasks: take checkpoint <paramref name="checkpointId"/> and send its barrier downstream.</summary>
    void TriggerCheckpoint(long checkpointId);

    /// <summary>The checkpoint completed everywhere (two-phase-commit sinks commit).</summary>
    void NotifyCheckpointComplete(long checkpointId);
}
