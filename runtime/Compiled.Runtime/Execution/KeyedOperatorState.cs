using Compiled.Functions;
using Compiled.Process;
using Compiled.Serialization;
using Compiled.State;

namespace Compiled.Execution;

/// <summary>
/// The keyed part of an operator: heap backend over the subtask's key groups, a state store for
/// user functions and a timer service. The key of each record is extracted again downstream of the
/// exchange (as Flink does), so no key travels with the record.
/// </summary>
internal sealed class KeyedOperatorState<TIn, TKey> where TKey : notnull
{
    private readonly IKeySelector<TIn, TKey> _keySelector;

    public KeyedOperatorState(OperatorSetup setup, IKeySelector<TIn, TKey> keySelector, KeySerializer<TKey> keySerializer,
        Action<InternalTimer<TKey, VoidNamespace>> onEventTime, Action<InternalTimer<TKey, VoidNamespace>> onProcessingTime)
    {
        _keySelector = keySelector;
        Backend = setup.CreateKeyedBackend(keySerializer);
        State = Backend.ForNamespace<VoidNamespace>();
        Timers = new InternalTimerService<TKey, VoidNamespace>(Backend, setup.ProcessingTime, onEventTime, onProcessingTime);
    }

    public KeyedStateBackend<TKey> Backend { get; }
    public NamespacedStateStore<TKey, VoidNamespace> State { get; }
    public InternalTimerService<TKey, VoidNamespace> Timers { get; }

    /// <summary>Sets the backend's current key from the record.</summary>
    public void SetKeyOf(in TIn value) => Backend.SetCurrentKey(_keySelector.GetKey(value));
}

/// <summary>The timer service a keyed process function sees.</summary>
internal sealed class KeyedTimerService<TKey>(InternalTimerService<TKey, VoidNamespace> timers, StreamOperator op) : ITimerService where TKey : notnull
{
    public long CurrentProcessingTime => timers.CurrentProcessingTime;
    public long CurrentWatermark => op.CurrentWatermark;
    public void RegisterEventTimeTimer(long timestamp) => timers.RegisterEventTimeTimer(VoidNamespace.Instance, timestamp);
    public void RegisterProcessingTimeTimer(long timestamp) => timers.RegisterProcessingTimeTimer(VoidNamespace.Instance, timestamp);
    public void DeleteEventTimeTimer(long timestamp) => timers.DeleteEventTimeTimer(VoidNamespace.Instance, timestamp);
    public void DeleteProcessingTimeTimer(long timestamp) => timers.DeleteProcessingTimeTimer(VoidNamespace.Instance, timestamp);
}

/// <summary>The timer service of a non-keyed function: time is readable, timers are rejected.</summary>
internal sealed class NonKeyedTimerService(StreamOperator op) : ITimerService
{
    private const string Message = "Timers need a keyed stream: call KeyBy(...) and use a KeyedProcessFunction.";
    public long CurrentProcessingTime => op.Setup.ProcessingTime.CurrentTime;
    public long CurrentWatermark => op.CurrentWatermark;
    public void RegisterEventTimeTimer(long timestamp) => throw new InvalidOperationException(Message);
    public void RegisterProcessingTimeTimer(long timestamp) => throw new InvalidOperationException(Message);
    public void DeleteEventTimeTimer(long timestamp) => throw new InvalidOperationException(Message);
    public void DeleteProcessingTimeTimer(long timestamp) => throw new InvalidOperationException(Message);
}
