using Compiled.Checkpointing.Storage;

namespace Compiled.Cluster;

/// <summary>
/// A running job: its completion, and savepoints — a checkpoint taken on request into a directory of your choice
/// (kept until you delete it), from which the job can later be restored, also at another parallelism.
/// </summary>
public sealed class JobClient
{
    private readonly Lock _gate = new();
    private CheckpointCoordinator? _coordinator;
    private CancellationTokenSource? _attempt;
    private readonly TaskCompletionSource<JobExecutionResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal JobClient() { }

    /// <summary>Completes when the job ends (its input ended, it was stopped, or it failed).</summary>
    public Task<JobExecutionResult> Completion => _completion.Task;

    /// <summary>Whether <see cref="StopWithSavepointAsync"/> stopped the job.</summary>
    public bool StopRequested { get; private set; }

    internal void Attach(CheckpointCoordinator coordinator, CancellationTokenSource attempt)
    {
        lock (_gate)
        {
            _coordinator = coordinator;
            _attempt = attempt;
        }
    }

    internal void Detach()
    {
        lock (_gate)
        {
            _coordinator = null;
            _attempt = null;
        }
    }

    internal void Complete(JobExecutionResult result) => _completion.TrySetResult(result);

    internal void Fail(Exception error) => _completion.TrySetException(error);

    /// <summary>Takes a savepoint into <paramref name="directory"/> while the job keeps running.</summary>
    /// <exception cref="InvalidOperationException">The job is not running (not started yet, or ended).</exception>
    public Task<CompletedCheckpoint> TriggerSavepointAsync(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        CheckpointCoordinator coordinator;
        lock (_gate) coordinator = _coordinator ?? throw new InvalidOperationException("The job is not running, so no savepoint can be taken.");
        return coordinator.TriggerSavepoint(directory);
    }

    /// <summary>Takes a savepoint, then stops the job: nothing after the savepoint is committed, so a restore from it continues exactly.</summary>
    public async Task<CompletedCheckpoint> StopWithSavepointAsync(string directory)
    {
        var savepoint = await TriggerSavepointAsync(directory).ConfigureAwait(false);
        lock (_gate)
        {
            StopRequested = true;
            _attempt?.Cancel();
        }
        await Completion.ConfigureAwait(false);
        return savepoint;
    }
}
