using Compiled.Execution.Checkpoints;
using Compiled.Functions;
using Compiled.Process;
using Compiled.Serialization;
using Compiled.State;

namespace Compiled.Execution.Operators;

/// <summary>Context handed to process functions; one instance per operator, reused for every record.</summary>
internal sealed class OperatorProcessContext<TKey, TOut>(StreamOperator<TOut> op, ITimerService timers, Func<TKey> currentKey) : TimerContext<TKey>
{
    public long CurrentTimestamp;
    public TimeDomain Domain;
    public override long Timestamp => CurrentTimestamp;
    public override ITimerService TimerService => timers;
    public override TKey CurrentKey => currentKey();
    public override TimeDomain TimeDomain => Domain;
    public override void Output<T>(OutputTag<T> tag, in T value) => op.Output.CollectSide(tag, value, CurrentTimestamp);

    /// <summary>A context for functions on non-keyed streams: time is readable, timers and keys are rejected.</summary>
    public static OperatorProcessContext<TKey, TOut> NonKeyed(StreamOperator<TOut> op) =>
        new(op, new NonKeyedTimerService(op), static () => throw new InvalidOperationException("A non-keyed stream has no current key."));

    /// <summary>Prepares the context and collector for a record with <paramref name="timestamp"/>.</summary>
    public void BeginRecord(TimestampedCollector<TOut> collector, long timestamp) => CurrentTimestamp = collector.Timestamp = timestamp;

    /// <summary>Prepares the context and collector for a timer: event-time timers emit at their time, processing-time timers without a timestamp.</summary>
    public void BeginTimer(TimestampedCollector<TOut> collector, long time, TimeDomain domain)
    {
        Domain = domain;
        CurrentTimestamp = collector.Timestamp = domain == TimeDomain.EventTime ? time : long.MinValue;
    }
}

/// <summary>
/// Runs a <see cref="ProcessFunction{TIn,TOut}"/> on a non-keyed stream,
/// calling it through <typeparamref name="TFn"/>: <see cref="ProcessFunctionInvoker{TIn,TOut}"/> (interpreted) or a generated struct.
/// </summary>
public sealed class ProcessOperator<TIn, TOut, TFn>(TFn function) : OneInputOperator<TIn, TOut> where TFn : struct, IProcessInvoker<TIn, TOut>
{
    private TFn _function = function;
    private OperatorProcessContext<object?, TOut>? _context;
    private TimestampedCollector<TOut>? _collector;

    /// <inheritdoc />
    public override void Open()
    {
        _context = OperatorProcessContext<object?, TOut>.NonKeyed(this);
        _collector = new(Output);
        OpenFunction(_function.Function, null);
    }

    /// <inheritdoc />
    public override void ProcessElement(in TIn value, long timestamp)
    {
        _context!.BeginRecord(_collector!, timestamp);
        _function.ProcessElement(value, _context, _collector!);
    }

    /// <inheritdoc />
    public override void Close() => _function.Function.Close();
}

/// <summary>
/// Runs a <see cref="KeyedProcessFunction{TKey,TIn,TOut}"/> with keyed state and timers,
/// calling it through <typeparamref name="TFn"/>: <see cref="KeyedProcessFunctionInvoker{TKey,TIn,TOut}"/> (interpreted) or a generated struct.
/// </summary>
public sealed class KeyedProcessOperator<TKey, TIn, TOut, TFn>(TFn function, IKeySelector<TIn, TKey> keySelector, KeySerializer<TKey> keySerializer)
    : OneInputOperator<TIn, TOut>, ICheckpointedOperator where TKey : notnull where TFn : struct, IKeyedProcessInvoker<TKey, TIn, TOut>
{
    private TFn _function = function;
    private KeyedOperatorState<TIn, TKey>? _keyed;
    private OperatorProcessContext<TKey, TOut>? _context;
    private TimestampedCollector<TOut>? _collector;

    internal KeyedOperatorState<TIn, TKey> Keyed => _keyed!;

    /// <inheritdoc />
    public override void Open()
    {
        _keyed = new(Setup, keySelector, keySerializer, t => Fire(t.Timestamp, TimeDomain.EventTime), t => Fire(t.Timestamp, TimeDomain.ProcessingTime));
        _context = new(this, new KeyedTimerService<TKey>(_keyed.Timers, this), () => _keyed.Backend.CurrentKey);
        _collector = new(Output);
        OpenFunction(_function.Function, _keyed.State);
    }

    /// <inheritdoc />
    public override void ProcessElement(in TIn value, long timestamp)
    {
        _keyed!.SetKeyOf(value);
        _context!.BeginRecord(_collector!, timestamp);
        _function.ProcessElement(value, _context, _collector!);
    }

    private void Fire(long time, TimeDomain domain)
    {
        _context!.BeginTimer(_collector!, time, domain);
        _function.OnTimer(time, _context, _collector!);
    }

    /// <inheritdoc />
    protected override void OnWatermark(long watermark) => _keyed!.Timers.AdvanceWatermark(watermark);

    /// <inheritdoc />
    public override void Close()
    {
        try { _function.Function.Close(); }
        finally { _keyed?.Backend.Dispose(); }
    }

    /// <inheritdoc />
    public void SnapshotState(long checkpointId, OperatorSnapshot snapshot) => KeyedSnapshots.Write(checkpointId, _keyed!.Backend, _keyed.Timers, snapshot);

    /// <inheritdoc />
    public void RestoreState(RestoredState state) => KeyedSnapshots.Restore(_keyed!.Backend, _keyed.Timers, state);

    /// <inheritdoc />
    public void NotifyCheckpointComplete(long checkpointId) => _keyed!.Backend.NotifyCheckpointComplete(checkpointId);
}

/// <summary>Rolling reduce per key: emits the updated aggregate after every record, as Flink's KeyedStream.reduce.</summary>
public sealed class KeyedReduceOperator<TKey, T, TFn>(TFn reduce, IKeySelector<T, TKey> keySelector, KeySerializer<TKey> keySerializer)
    : OneInputOperator<T, T>, ICheckpointedOperator where TKey : notnull where TFn : IReduceFunction<T>
{
    private TFn _reduce = reduce;
    private KeyedOperatorState<T, TKey>? _keyed;
    private ValueState<T>? _state;

    /// <inheritdoc />
    public override void Open()
    {
        _keyed = new(Setup, keySelector, keySerializer, static _ => { }, static _ => { });
        _state = _keyed.State.GetState(new ValueStateDescriptor<T>("reduce"));
    }

    /// <inheritdoc />
    public override void ProcessElement(in T value, long timestamp)
    {
        _keyed!.SetKeyOf(value);
        T result = _state!.HasValue ? _reduce.Reduce(_state.Value!, value) : value;
        _state.Update(result);
        Output.Collect(result, timestamp);
    }

    /// <inheritdoc />
    public override void Close() => _keyed?.Backend.Dispose();

    /// <inheritdoc />
    public void SnapshotState(long checkpointId, OperatorSnapshot snapshot) => KeyedSnapshots.Write(checkpointId, _keyed!.Backend, _keyed.Timers, snapshot);

    /// <inheritdoc />
    public void RestoreState(RestoredState state) => KeyedSnapshots.Restore(_keyed!.Backend, _keyed.Timers, state);

    /// <inheritdoc />
    public void NotifyCheckpointComplete(long checkpointId) => _keyed!.Backend.NotifyCheckpointComplete(checkpointId);
}

/// <summary>
/// Runs a <see cref="CoProcessFunction{TIn1,TIn2,TOut}"/> over two connected streams,
/// calling it through <typeparamref name="TFn"/>: <see cref="CoProcessFunctionInvoker{TIn1,TIn2,TOut}"/> (interpreted) or a generated struct.
/// </summary>
public sealed class CoProcessOperator<TIn1, TIn2, TOut, TFn>(TFn function) : TwoInputOperator<TIn1, TIn2, TOut>
    where TFn : struct, ICoProcessInvoker<TIn1, TIn2, TOut>
{
    private TFn _function = function;
    private OperatorProcessContext<object?, TOut>? _context;
    private TimestampedCollector<TOut>? _collector;

    /// <inheritdoc />
    public override void Open()
    {
        _context = OperatorProcessContext<object?, TOut>.NonKeyed(this);
        _collector = new(Output);
        OpenFunction(_function.Function, null);
    }

    /// <inheritdoc />
    public override void ProcessElement1(in TIn1 value, long timestamp)
    {
        _context!.BeginRecord(_collector!, timestamp);
        _function.ProcessElement1(value, _context, _collector!);
    }

    /// <inheritdoc />
    public override void ProcessElement2(in TIn2 value, long timestamp)
    {
        _context!.BeginRecord(_collector!, timestamp);
        _function.ProcessElement2(value, _context, _collector!);
    }

    /// <inheritdoc />
    public override void Close() => _function.Function.Close();
}

/// <summary>
/// Runs a <see cref="KeyedCoProcessFunction{TKey,TIn1,TIn2,TOut}"/>: both inputs keyed by the same key, shared state and timers,
/// calling it through <typeparamref name="TFn"/>: <see cref="KeyedCoProcessFunctionInvoker{TKey,TIn1,TIn2,TOut}"/> (interpreted) or a generated struct.
/// </summary>
public sealed class KeyedCoProcessOperator<TKey, TIn1, TIn2, TOut, TFn>(
    TFn function, IKeySelector<TIn1, TKey> keySelector1, IKeySelector<TIn2, TKey> keySelector2, KeySerializer<TKey> keySerializer)
    : TwoInputOperator<TIn1, TIn2, TOut>, ICheckpointedOperator where TKey : notnull where TFn : struct, IKeyedCoProcessInvoker<TKey, TIn1, TIn2, TOut>
{
    private TFn _function = function;
    private KeyedOperatorState<TIn1, TKey>? _keyed;
    private OperatorProcessContext<TKey, TOut>? _context;
    private TimestampedCollector<TOut>? _collector;

    /// <inheritdoc />
    public override void Open()
    {
        _keyed = new(Setup, keySelector1, keySerializer, t => Fire(t.Timestamp, TimeDomain.EventTime), t => Fire(t.Timestamp, TimeDomain.ProcessingTime));
        _context = new(this, new KeyedTimerService<TKey>(_keyed.Timers, this), () => _keyed.Backend.CurrentKey);
        _collector = new(Output);
        OpenFunction(_function.Function, _keyed.State);
    }

    /// <inheritdoc />
    public override void ProcessElement1(in TIn1 value, long timestamp)
    {
        _keyed!.SetKeyOf(value);
        _context!.BeginRecord(_collector!, timestamp);
        _function.ProcessElement1(value, _context, _collector!);
    }

    /// <inheritdoc />
    public override void ProcessElement2(in TIn2 value, long timestamp)
    {
        _keyed!.Backend.SetCurrentKey(keySelector2.GetKey(value));
        _context!.BeginRecord(_collector!, timestamp);
        _function.ProcessElement2(value, _context, _collector!);
    }

    private void Fire(long time, TimeDomain domain)
    {
        _context!.BeginTimer(_collector!, time, domain);
        _function.OnTimer(time, _context, _collector!);
    }

    /// <inheritdoc />
    protected override void OnWatermark(long watermark) => _keyed!.Timers.AdvanceWatermark(watermark);

    /// <inheritdoc />
    public override void Close()
    {
        try { _function.Function.Close(); }
        finally { _keyed?.Backend.Dispose(); }
    }

    /// <inheritdoc />
    public void SnapshotState(long checkpointId, OperatorSnapshot snapshot) => KeyedSnapshots.Write(checkpointId, _keyed!.Backend, _keyed.Timers, snapshot);

    /// <inheritdoc />
    public void RestoreState(RestoredState state) => KeyedSnapshots.Restore(_keyed!.Backend, _keyed.Timers, state);

    /// <inheritdoc />
    public void NotifyCheckpointComplete(long checkpointId) => _keyed!.Backend.NotifyCheckpointComplete(checkpointId);
}
