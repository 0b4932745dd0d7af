using Compiled.Connectors;
using Compiled.Execution.Checkpoints;
using Compiled.Network;

namespace Compiled.Execution;

/// <summary>
/// One parallel instance of an operator chain, run by one thread. Its mailbox loop interleaves
/// input batches with mails (timers, control actions), so nothing inside the chain needs a lock.
/// </summary>
public sealed class StreamTask : IInputAvailabilityListener, ICheckpointParticipant
{
    private readonly ManualResetEventSlim _wake = new(false);
    private readonly List<StreamOperator> _operators = [];
    private readonly List<string> _uids = [];
    private readonly List<Action> _flushers = [];
    private readonly List<Action> _endOfPartition = [];
    private readonly List<Action<long>> _barriers = [];
    private Action<long, StreamTask, IReadOnlyList<(string Uid, OperatorSnapshot Snapshot)>>? _acknowledge;
    private Func<long, bool>? _isSavepoint;
    private Func<string, int, RestoredState?>? _restore;
    private volatile bool _running;
    private readonly CancellationToken _cancellation;
    private IInputProcessor? _input;
    private bool _isSource;

    internal StreamTask(string name, int subtaskIndex, int parallelism, TimeProvider time, CancellationToken cancellation)
    {
        Name = $"{name} ({subtaskIndex + 1}/{parallelism})";
        SubtaskIndex = subtaskIndex;
        _cancellation = cancellation;
        Mailbox = new Mailbox(NotifyInputAvailable);
        ProcessingTime = new MailboxProcessingTimeService(time, Mailbox);
    }

    /// <summary>Task name with subtask index.</summary>
    public string Name { get; }

    /// <summary>Parallel instance index.</summary>
    public int SubtaskIndex { get; }

    /// <summary>Mails run on this task's thread.</summary>
    public Mailbox Mailbox { get; }

    /// <summary>The task's processing time.</summary>
    public IProcessingTimeService ProcessingTime { get; }

    /// <summary>The chain's operators, head first.</summary>
    public IReadOnlyList<StreamOperator> Operators => _operators;

    internal void AddOperator(StreamOperator op, string uid)
    {
        _operators.Add(op);
        _uids.Add(uid);
    }

    internal void AddWriter(Action flush, Action endOfPartition, Action<long> barrier)
    {
        _flushers.Add(flush);
        _endOfPartition.Add(endOfPartition);
        _barriers.Add(barrier);
    }

    /// <summary>Takes part in checkpoints: snapshots go to <paramref name="acknowledge"/>; state comes from <paramref name="restore"/>.</summary>
    /// <param name="acknowledge">Receives the snapshots of each checkpoint.</param>
    /// <param name="restore">The restored state of an operator instance by uid and subtask, or null when not restoring.</param>
    /// <param name="isSavepoint">Whether a checkpoint id is a savepoint (keyed state then goes in the canonical format).</param>
    /// <param name="mode">Whether barriers are aligned (exactly-once) or only counted (at-least-once).</param>
    internal void EnableCheckpoints(Action<long, StreamTask, IReadOnlyList<(string Uid, OperatorSnapshot Snapshot)>> acknowledge,
        Func<string, int, RestoredState?>? restore, Func<long, bool>? isSavepoint = null, CheckpointingMode mode = CheckpointingMode.ExactlyOnce)
    {
        _acknowledge = acknowledge;
        _isSavepoint = isSavepoint;
        _restore = restore;
        if (_input is NetworkInputProcessor network) network.EnableCheckpoints(PerformCheckpoint, mode);
    }

    /// <summary>Whether the task is processing (opened and not finished).</summary>
    public bool IsRunning => _running;

    /// <summary>Source tasks: takes checkpoint <paramref name="checkpointId"/> between two polls and sends its barrier downstream.</summary>
    internal void TriggerCheckpoint(long checkpointId) => Mailbox.Put(() =>
    {
        if (_running) PerformCheckpoint(checkpointId);
    });

    /// <summary>Tells every operator that a checkpoint completed (two-phase-commit sinks commit).</summary>
    internal void NotifyCheckpointComplete(long checkpointId) => Mailbox.Put(() =>
    {
        foreach (var op in _operators)
            if (op is ICheckpointedOperator checkpointed) checkpointed.NotifyCheckpointComplete(checkpointId);
    });

    /// <summary>Snapshots the chain (synchronously, between records) and forwards the barrier.</summary>
    private void PerformCheckpoint(long checkpointId)
    {
        var snapshots = new List<(string, OperatorSnapshot)>();
        bool savepoint = _isSavepoint?.Invoke(checkpointId) ?? false;
        for (int i = 0; i < _operators.Count; i++)
        {
            if (_operators[i] is not ICheckpointedOperator checkpointed) continue;
            var snapshot = new OperatorSnapshot { IsSavepoint = savepoint };
            checkpointed.SnapshotState(checkpointId, snapshot);
            if (!snapshot.IsEmpty) snapshots.Add((_uids[i], snapshot));
            else snapshot.Discard();
        }
        _acknowledge?.Invoke(checkpointId, this, snapshots);
        foreach (var barrier in _barriers) barrier(checkpointId);
    }

    void ICheckpointParticipant.TriggerCheckpoint(long checkpointId) => TriggerCheckpoint(checkpointId);

    void ICheckpointParticipant.NotifyCheckpointComplete(long checkpointId) => NotifyCheckpointComplete(checkpointId);

    /// <summary>Sends partially filled output batches now (the buffer timeout of a busy task), on the task's thread.</summary>
    internal void RequestFlush() => Mailbox.Put(() =>
    {
        foreach (var flush in _flushers) flush();
    });

    internal void SetInput(IInputProcessor input, bool isSource)
    {
        _input = input;
        _isSource = isSource;
    }

    /// <inheritdoc />
    public void NotifyInputAvailable() => _wake.Set();

    /// <summary>Runs the task to the end of its input, or until cancelled. Exceptions propagate to the caller.</summary>
    public void Run()
    {
        try
        {
            for (int i = _operators.Count - 1; i >= 0; i--) _operators[i].Open();
            if (_restore is not null)
            {
                for (int i = 0; i < _operators.Count; i++)
                    if (_operators[i] is ICheckpointedOperator checkpointed && _restore(_uids[i], SubtaskIndex) is { } state)
                        checkpointed.RestoreState(state);
            }
            _running = true;
            RunMailboxLoop();
            _running = false;
            if (_cancellation.IsCancellationRequested) return;
            foreach (var op in _operators) op.Finish();
            foreach (var end in _endOfPartition) end();
        }
        finally
        {
            _running = false;
            ((IDisposable)ProcessingTime).Dispose();
            foreach (var op in _operators)
            {
                try { op.Close(); } catch when (_cancellation.IsCancellationRequested) { }
            }
        }
    }

    private void RunMailboxLoop()
    {
        var input = _input ?? throw new InvalidOperationException($"Task {Name} has no input.");
        while (!_cancellation.IsCancellationRequested)
        {
            Mailbox.RunAll();
            var status = input.ProcessInput();
            if (status == InputStatus.EndOfInput) return;
            if (status == InputStatus.MoreAvailable) continue;

            // Nothing to read: flush partial batches so downstream sees them (bounds latency), then sleep until woken.
            foreach (var flush in _flushers) flush();
            _wake.Reset();
            if (Mailbox.HasMail) continue;
            if (_isSource) _wake.Wait(1, _cancellation);
            else if (input.ProcessInput() is var again && again != InputStatus.NothingAvailable)
            {
                if (again == InputStatus.EndOfInput) return;
            }
            else _wake.Wait(100, _cancellation);
        }
    }
}
