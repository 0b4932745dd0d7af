using Compiled.Connectors;
using Compiled.Execution.Checkpoints;
using Compiled.Network;

namespace Compiled.Execution;

/// <summary>
/// One parallel instance of an operator chain, run by one thread. Its mailbox loop interleaves
/// input batches with mails (timers, control actions), so nothing inside the chain needs a lock.
/// With a final checkpoint, a task whose input ended finishes its operators, ends its output partitions, reports
/// itself finished and keeps serving mails until a checkpoint it took as finished completes; only then does it end.
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
    private Action<StreamTask>? _reportFinished;
    private volatile bool _running;
    private volatile bool _finished;
    private long _lastCheckpoint = long.MinValue;
    private long? _finalCheckpoint;
    private bool _finalCheckpointCompleted;
    private readonly int _parallelism;
    private readonly CancellationToken _cancellation;
    private IInputProcessor? _input;
    private bool _isSource;

    internal StreamTask(string name, int subtaskIndex, int parallelism, TimeProvider time, CancellationToken cancellation)
    {
        Name = $"{name} ({subtaskIndex + 1}/{parallelism})";
        SubtaskIndex = subtaskIndex;
        _parallelism = parallelism;
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
    /// <param name="reportFinished">
    /// When given, the task ends with a final checkpoint: at the end of its input it calls this and waits until a
    /// checkpoint it took as finished completes. When null it ends at once (no checkpoints, or a runtime without them).
    /// </param>
    internal void EnableCheckpoints(Action<long, StreamTask, IReadOnlyList<(string Uid, OperatorSnapshot Snapshot)>> acknowledge,
        Func<string, int, RestoredState?>? restore, Func<long, bool>? isSavepoint = null, CheckpointingMode mode = CheckpointingMode.ExactlyOnce,
        Action<StreamTask>? reportFinished = null)
    {
        _acknowledge = acknowledge;
        _isSavepoint = isSavepoint;
        _restore = restore;
        _reportFinished = reportFinished;
        if (_input is NetworkInputProcessor network) network.EnableCheckpoints(PerformCheckpoint, mode);
    }

    /// <summary>Whether the task is processing (opened and its input not ended).</summary>
    public bool IsRunning => _running;

    /// <summary>Whether the task's input ended and it waits for its final checkpoint (it then takes checkpoints as finished).</summary>
    public bool IsFinished => _finished;

    /// <summary>
    /// Source tasks, and tasks whose input ended: takes checkpoint <paramref name="checkpointId"/> between two polls and
    /// sends its barrier downstream (a finished task sends none: its outputs have ended).
    /// </summary>
    internal void TriggerCheckpoint(long checkpointId) => Mailbox.Put(() =>
    {
        if (_running || _finished) PerformCheckpoint(checkpointId);
    });

    /// <summary>Tells every operator that a checkpoint completed (two-phase-commit sinks commit); a finished task then ends.</summary>
    internal void NotifyCheckpointComplete(long checkpointId) => Mailbox.Put(() =>
    {
        foreach (var op in _operators)
            if (op is ICheckpointedOperator checkpointed) checkpointed.NotifyCheckpointComplete(checkpointId);
        if (checkpointId >= _finalCheckpoint) _finalCheckpointCompleted = true;
    });

    /// <summary>
    /// Snapshots the chain (synchronously, between records) and forwards the barrier. A finished task records every
    /// operator as finished (with its operator state, such as a sink's last transaction, and no keyed state).
    /// </summary>
    private void PerformCheckpoint(long checkpointId)
    {
        if (checkpointId <= _lastCheckpoint) return; // already taken: a finished task may also be triggered directly
        _lastCheckpoint = checkpointId;
        var snapshots = new List<(string, OperatorSnapshot)>();
        bool savepoint = _isSavepoint?.Invoke(checkpointId) ?? false;
        int finished = _finished ? _parallelism : 0;
        for (int i = 0; i < _operators.Count; i++)
        {
            var snapshot = new OperatorSnapshot { IsSavepoint = savepoint, FinishedParallelism = finished };
            if (_operators[i] is ICheckpointedOperator checkpointed) checkpointed.SnapshotState(checkpointId, snapshot);
            if (!snapshot.IsEmpty) snapshots.Add((_uids[i], snapshot));
            else snapshot.Discard();
        }
        if (_finished) _finalCheckpoint ??= checkpointId;
        _acknowledge?.Invoke(checkpointId, this, snapshots);
        if (_finished) return;
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
            bool restoredFinished = Restore();
            if (!restoredFinished)
            {
                _running = true;
                RunMailboxLoop();
                _running = false;
                if (_cancellation.IsCancellationRequested) return;
                foreach (var op in _operators) op.Finish();
            }
            // A task restored as finished had consumed all its input and emitted all its output before: it emits nothing.
            foreach (var end in _endOfPartition) end();
            if (_reportFinished is { } report) AwaitFinalCheckpoint(report);
        }
        finally
        {
            _running = false;
            _finished = false;
            ((IDisposable)ProcessingTime).Dispose();
            foreach (var op in _operators)
            {
                try { op.Close(); } catch when (_cancellation.IsCancellationRequested) { }
            }
        }
    }

    /// <summary>Restores the operators' state; returns whether the checkpoint recorded this task as finished.</summary>
    private bool Restore()
    {
        if (_restore is null) return false;
        int finished = 0, running = 0;
        for (int i = 0; i < _operators.Count; i++)
        {
            if (_restore(_uids[i], SubtaskIndex) is not { } state) continue;
            if (state.IsFinished(SubtaskIndex, _parallelism)) finished++;
            else running++;
            if (_operators[i] is ICheckpointedOperator checkpointed) checkpointed.RestoreState(state);
        }
        if (finished > 0 && running > 0)
            throw new InvalidOperationException(
                $"Task {Name} chains operators the checkpoint recorded as finished with operators it recorded as running; " +
                "restore with the operator chaining the checkpoint was taken with.");
        return finished > 0;
    }

    /// <summary>Serves mails (checkpoint triggers and completions) until a checkpoint taken as finished completed.</summary>
    private void AwaitFinalCheckpoint(Action<StreamTask> report)
    {
        _finished = true;
        report(this);
        while (!_finalCheckpointCompleted && !_cancellation.IsCancellationRequested)
        {
            _wake.Reset();
            if (Mailbox.RunAll()) continue;
            _wake.Wait(100, _cancellation);
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
