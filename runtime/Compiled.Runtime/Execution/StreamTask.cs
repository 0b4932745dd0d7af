using Compiled.Connectors;
using Compiled.Network;

namespace Compiled.Execution;

/// <summary>
/// One parallel instance of an operator chain, run by one thread. Its mailbox loop interleaves
/// input batches with mails (timers, control actions), so nothing inside the chain needs a lock.
/// </summary>
public sealed class StreamTask : IInputAvailabilityListener
{
    private readonly ManualResetEventSlim _wake = new(false);
    private readonly List<StreamOperator> _operators = [];
    private readonly List<Action> _flushers = [];
    private readonly List<Action> _endOfPartition = [];
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

    internal void AddOperator(StreamOperator op) => _operators.Add(op);

    internal void AddWriter(Action flush, Action endOfPartition)
    {
        _flushers.Add(flush);
        _endOfPartition.Add(endOfPartition);
    }

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
            RunMailboxLoop();
            if (_cancellation.IsCancellationRequested) return;
            foreach (var op in _operators) op.Finish();
            foreach (var end in _endOfPartition) end();
        }
        finally
        {
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
