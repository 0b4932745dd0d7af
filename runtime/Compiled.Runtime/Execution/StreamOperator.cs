using Compiled.Process;
using Compiled.Serialization;
using Compiled.State;
using Compiled.State.Heap;

namespace Compiled.Execution;

/// <summary>Everything an operator instance is given when deployed.</summary>
/// <param name="Name">Operator name.</param>
/// <param name="SubtaskIndex">Parallel instance index.</param>
/// <param name="Parallelism">Number of parallel instances.</param>
/// <param name="MaxParallelism">Number of key groups.</param>
/// <param name="ProcessingTime">Processing time and timers of the task.</param>
/// <param name="StateBackend">Where keyed state lives; null for the heap.</param>
public sealed record OperatorSetup(string Name, int SubtaskIndex, int Parallelism, int MaxParallelism, IProcessingTimeService ProcessingTime,
    IStateBackend? StateBackend = null)
{
    /// <summary>Whether the job takes periodic checkpoints (transactional sinks commit per checkpoint, else per batch).</summary>
    public bool Checkpointing { get; init; }

    /// <summary>
    /// Whether the task, at the end of its input, waits for a final checkpoint covering all its output before it ends:
    /// two-phase-commit sinks then commit their last transaction when that checkpoint completes, not at end of input.
    /// </summary>
    public bool FinalCheckpoint { get; init; }

    /// <summary>Where keyed state lives (the heap unless configured otherwise).</summary>
    public IStateBackend Backend => StateBackend ?? HeapStateBackend.Instance;

    /// <summary>Creates the keyed state backend of this operator instance.</summary>
    public KeyedStateBackend<TKey> CreateKeyedBackend<TKey>(KeySerializer<TKey> keySerializer) where TKey : notnull =>
        Backend.CreateKeyedBackend(new KeyedBackendParameters<TKey>(Name, SubtaskIndex, keySerializer,
            KeyGroups.RangeOf(SubtaskIndex, Parallelism, MaxParallelism), MaxParallelism, () => ProcessingTime.CurrentTime));
}

/// <summary>Base of all operators. Life cycle: Setup → Open → records/watermarks/timers → Finish (bounded end) → Close.</summary>
public abstract class StreamOperator
{
    private OperatorSetup? _setup;

    /// <summary>Deployment information; available from <see cref="Open"/> on.</summary>
    public OperatorSetup Setup => _setup ?? throw new InvalidOperationException("Operator is not set up yet.");

    /// <summary>Current event-time watermark seen by this operator.</summary>
    public long CurrentWatermark { get; protected set; } = long.MinValue;

    internal virtual void Initialize(OperatorSetup setup) => _setup = setup;

    /// <summary>Called once before the first record.</summary>
    public virtual void Open() { }

    /// <summary>Called once at the end of a bounded input, after the final watermark.</summary>
    public virtual void Finish() { }

    /// <summary>Called once at the end, also after failures; release resources here.</summary>
    public virtual void Close() { }

    /// <summary>Opens a user function's life cycle.</summary>
    protected void OpenFunction(RichFunction function, Compiled.State.IKeyedStateStore? keyedState)
    {
        function.RuntimeContext = new RuntimeContext(Setup.Name, Setup.SubtaskIndex, Setup.Parallelism, keyedState);
        function.BindState();
        function.Open();
    }
}

/// <summary>An operator that emits records of type <typeparamref name="TOut"/>.</summary>
public abstract class StreamOperator<TOut> : StreamOperator
{
    /// <summary>Where the operator emits; wired before <see cref="StreamOperator.Open"/>. A plain field read on the per-record path.</summary>
    public Output<TOut> Output { get; internal set; } = null!;
}

/// <summary>An operator with one input.</summary>
public abstract class OneInputOperator<TIn, TOut> : StreamOperator<TOut>, IInput<TIn>
{
    /// <inheritdoc />
    public abstract void ProcessElement(in TIn value, long timestamp);

    /// <inheritdoc />
    public virtual void ProcessBatch(ReadOnlySpan<TIn> values, ReadOnlySpan<long> timestamps)
    {
        for (int i = 0; i < values.Length; i++) ProcessElement(values[i], timestamps[i]);
    }

    /// <inheritdoc />
    public virtual void ProcessWatermark(long watermark)
    {
        CurrentWatermark = watermark;
        OnWatermark(watermark);
        Output.EmitWatermark(watermark);
    }

    /// <summary>Fires event-time timers up to <paramref name="watermark"/> before it is forwarded.</summary>
    protected virtual void OnWatermark(long watermark) { }

    /// <inheritdoc />
    public virtual void ProcessWatermarkStatus(bool idle) => Output.EmitWatermarkStatus(idle);
}

/// <summary>An operator with two inputs; its watermark is the minimum of both inputs' watermarks.</summary>
public abstract class TwoInputOperator<TIn1, TIn2, TOut> : StreamOperator<TOut>, ITwoInputOperator
{
    private long _watermark1 = long.MinValue, _watermark2 = long.MinValue;
    private bool _idle1, _idle2;

    /// <summary>Creates the operator and its input adapters.</summary>
    protected TwoInputOperator()
    {
        First = new FirstInput(this);
        Second = new SecondInput(this);
    }

    /// <summary>The first input.</summary>
    public IInput<TIn1> First { get; }

    /// <summary>The second input.</summary>
    public IInput<TIn2> Second { get; }

    object ITwoInputOperator.FirstInput => First;
    object ITwoInputOperator.SecondInput => Second;

    /// <summary>Handles a record of the first input.</summary>
    public abstract void ProcessElement1(in TIn1 value, long timestamp);

    /// <summary>Handles a record of the second input.</summary>
    public abstract void ProcessElement2(in TIn2 value, long timestamp);

    /// <summary>Fires event-time timers up to <paramref name="watermark"/> before it is forwarded.</summary>
    protected virtual void OnWatermark(long watermark) { }

    private void InputWatermark(int input, long watermark)
    {
        if (input == 0) { _watermark1 = watermark; _idle1 = false; }
        else { _watermark2 = watermark; _idle2 = false; }
        Advance();
    }

    private void Advance()
    {
        long combined = _idle1 ? _watermark2 : _idle2 ? _watermark1 : Math.Min(_watermark1, _watermark2);
        if (combined <= CurrentWatermark) return;
        CurrentWatermark = combined;
        OnWatermark(combined);
        Output.EmitWatermark(combined);
    }

    private void InputStatus(int input, bool idle)
    {
        bool wasIdle = _idle1 && _idle2;
        if (input == 0) _idle1 = idle; else _idle2 = idle;
        if (!(_idle1 && _idle2)) Advance();
        if ((_idle1 && _idle2) != wasIdle) Output.EmitWatermarkStatus(_idle1 && _idle2);
    }

    private sealed class FirstInput(TwoInputOperator<TIn1, TIn2, TOut> op) : IInput<TIn1>
    {
        public void ProcessElement(in TIn1 value, long timestamp) => op.ProcessElement1(value, timestamp);
        public void ProcessBatch(ReadOnlySpan<TIn1> values, ReadOnlySpan<long> timestamps)
        {
            for (int i = 0; i < values.Length; i++) op.ProcessElement1(values[i], timestamps[i]);
        }
        public void ProcessWatermark(long watermark) => op.InputWatermark(0, watermark);
        public void ProcessWatermarkStatus(bool idle) => op.InputStatus(0, idle);
    }

    private sealed class SecondInput(TwoInputOperator<TIn1, TIn2, TOut> op) : IInput<TIn2>
    {
        public void ProcessElement(in TIn2 value, long timestamp) => op.ProcessElement2(value, timestamp);
        public void ProcessBatch(ReadOnlySpan<TIn2> values, ReadOnlySpan<long> timestamps)
        {
            for (int i = 0; i < values.Length; i++) op.ProcessElement2(values[i], timestamps[i]);
        }
        public void ProcessWatermark(long watermark) => op.InputWatermark(1, watermark);
        public void ProcessWatermarkStatus(bool idle) => op.InputStatus(1, idle);
    }
}

/// <summary>Untyped access to the inputs of a two-input operator, for wiring.</summary>
public interface ITwoInputOperator
{
    /// <summary>The first input (an <see cref="IInput{T}"/>).</summary>
    object FirstInput { get; }

    /// <summary>The second input (an <see cref="IInput{T}"/>).</summary>
    object SecondInput { get; }
}
