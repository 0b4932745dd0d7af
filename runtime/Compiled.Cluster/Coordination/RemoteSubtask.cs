using Compiled.Cluster.Control;
using Compiled.Cluster.Wire;
using Compiled.Execution;

namespace Compiled.Cluster.Coordination;

/// <summary>A subtask running on a worker, as the checkpoint coordinator sees it.</summary>
internal sealed class RemoteSubtask(long attempt, int vertex, int subtask, string name, WorkerHandle worker) : ICheckpointParticipant
{
    private volatile bool _running;
    private volatile bool _finishing;
    private volatile bool _finished;

    public long Attempt { get; } = attempt;
    public int Vertex { get; } = vertex;
    public int SubtaskIndex { get; } = subtask;
    public string Name { get; } = name;
    public WorkerHandle Worker { get; } = worker;

    public bool IsRunning => _running;
    public bool IsFinished => _finished;

    /// <summary>Its input ended; it waits for a checkpoint it took as finished to complete.</summary>
    public bool IsFinishing => _finishing && !_finished;

    public void MarkRunning()
    {
        if (!_finishing && !_finished) _running = true; // a late report: the task may have reached its end meanwhile
    }

    public void MarkFinishing()
    {
        _finishing = true;
        _running = false;
    }

    public void MarkFinished()
    {
        _finished = true;
        _running = false;
    }

    /// <summary>Whether a checkpoint id is a savepoint (the checkpoint coordinator's answer; set once it exists).</summary>
    public Func<long, bool> IsSavepoint { get; set; } = static _ => false;

    public void TriggerCheckpoint(long checkpointId)
    {
        var trigger = new CheckpointTrigger(new CheckpointRef(Attempt, checkpointId, Vertex, SubtaskIndex), IsSavepoint(checkpointId));
        Worker.Sender.Send(FrameKind.TriggerCheckpoint, w => trigger.Write(w));
    }

    public void NotifyCheckpointComplete(long checkpointId) => Worker.NotifyCheckpointComplete(Attempt, checkpointId);
}
