using Compiled.Checkpointing.Storage;
using Compiled.Cluster.Hosting;

namespace Compiled.Cluster.Coordination;

/// <summary>
/// What the job is doing, written by the coordinator's event loop and read by the REST API from other threads. It also
/// gives the API the running attempt's checkpoint coordinator for savepoints.
/// </summary>
internal sealed class JobStatusBoard(ClusterJob job)
{
    private readonly Lock _gate = new();
    private CheckpointCoordinator? _checkpoints;
    private IReadOnlyList<RemoteSubtask> _subtasks = [];
    private volatile string _state = "CREATED";

    public ClusterJob Job { get; } = job;
    public string JobId { get; } = Guid.NewGuid().ToString("N");
    public DateTimeOffset StartTime { get; } = DateTimeOffset.UtcNow;
    public DateTimeOffset? EndTime { get; private set; }
    public string State => _state;
    public long Attempt { get; private set; }
    public string RestoredFrom { get; private set; } = "";
    public int Restarts { get; set; }
    public int CompletedCheckpoints { get; set; }
    public int CompletedBefore { get; private set; }
    public bool StopRequested { get; set; }
    public CompletedCheckpoint? LastSavepoint { get; set; }

    public IReadOnlyList<RemoteSubtask> Subtasks
    {
        get { lock (_gate) return _subtasks; }
    }

    public void SetState(string state) => _state = state;

    public void End(string state)
    {
        _state = state;
        EndTime ??= DateTimeOffset.UtcNow;
    }

    public void BeginAttempt(long attempt, IReadOnlyList<RemoteSubtask> subtasks, CheckpointCoordinator checkpoints, string restore)
    {
        lock (_gate)
        {
            Attempt = attempt;
            _subtasks = subtasks;
            _checkpoints = checkpoints;
            RestoredFrom = restore;
        }
    }

    public void EndAttempt()
    {
        lock (_gate)
        {
            _checkpoints = null;
            CompletedBefore = CompletedCheckpoints;
        }
    }

    /// <summary>Takes a savepoint of the running attempt into <paramref name="directory"/>.</summary>
    /// <exception cref="InvalidOperationException">No attempt is running.</exception>
    public Task<CompletedCheckpoint> TriggerSavepointAsync(string directory)
    {
        CheckpointCoordinator checkpoints;
        lock (_gate) checkpoints = _checkpoints ?? throw new InvalidOperationException($"The job is {State}: a savepoint needs it running.");
        return checkpoints.TriggerSavepoint(directory);
    }
}
