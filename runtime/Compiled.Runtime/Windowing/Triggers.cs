using Compiled.State;

namespace Compiled.Windowing;

/// <summary>What a trigger decides for a window.</summary>
[Flags]
public enum TriggerResult
{
    /// <summary>Do nothing.</summary>
    Continue = 0,

    /// <summary>Evaluate the window and emit its result; keep its contents.</summary>
    Fire = 1,

    /// <summary>Discard the window's contents without emitting.</summary>
    Purge = 2,

    /// <summary>Emit, then discard the contents.</summary>
    FireAndPurge = Fire | Purge,
}

/// <summary>What a trigger can see and do for the current key and window.</summary>
public interface ITriggerContext
{
    /// <summary>Current event-time watermark.</summary>
    long CurrentWatermark { get; }

    /// <summary>Current processing time.</summary>
    long CurrentProcessingTime { get; }

    /// <summary>Registers an event-time timer for the current key and window.</summary>
    void RegisterEventTimeTimer(long time);

    /// <summary>Registers a processing-time timer for the current key and window.</summary>
    void RegisterProcessingTimeTimer(long time);

    /// <summary>Deletes an event-time timer of the current key and window.</summary>
    void DeleteEventTimeTimer(long time);

    /// <summary>Deletes a processing-time timer of the current key and window.</summary>
    void DeleteProcessingTimeTimer(long time);

    /// <summary>State scoped to the current key and window.</summary>
    IKeyedStateStore State { get; }

    /// <summary>While merging windows: folds the reducing state of every merged window into the result window.</summary>
    void MergeReducingState<T>(ReducingStateDescriptor<T> descriptor);
}

/// <summary>Decides when a window is evaluated and when its contents are discarded.</summary>
public abstract class Trigger<TWindow> where TWindow : struct, IWindow
{
    /// <summary>Called for every record added to <paramref name="window"/>.</summary>
    public abstract TriggerResult OnElement(long timestamp, TWindow window, ITriggerContext context);

    /// <summary>Called when an event-time timer of this window fires.</summary>
    public abstract TriggerResult OnEventTime(long time, TWindow window, ITriggerContext context);

    /// <summary>Called when a processing-time timer of this window fires.</summary>
    public abstract TriggerResult OnProcessingTime(long time, TWindow window, ITriggerContext context);

    /// <summary>Removes the trigger's timers and state of <paramref name="window"/>.</summary>
    public abstract void Clear(TWindow window, ITriggerContext context);

    /// <summary>Whether this trigger supports merging windows.</summary>
    public virtual bool CanMerge => false;

    /// <summary>Called on the result window after windows merged.</summary>
    public virtual void OnMerge(TWindow window, ITriggerContext context) =>
        throw new NotSupportedException($"{GetType().Name} does not support merging windows.");
}

/// <summary>Fires once the watermark passes the end of the window (and again for each late record within the allowed lateness).</summary>
public sealed class EventTimeTrigger : Trigger<TimeWindow>
{
    /// <summary>The shared instance.</summary>
    public static readonly EventTimeTrigger Instance = new();

    /// <inheritdoc />
    public override TriggerResult OnElement(long timestamp, TimeWindow window, ITriggerContext context)
    {
        if (window.MaxTimestamp <= context.CurrentWatermark) return TriggerResult.Fire;
        context.RegisterEventTimeTimer(window.MaxTimestamp);
        return TriggerResult.Continue;
    }

    /// <inheritdoc />
    public override TriggerResult OnEventTime(long time, TimeWindow window, ITriggerContext context) =>
        time == window.MaxTimestamp ? TriggerResult.Fire : TriggerResult.Continue;

    /// <inheritdoc />
    public override TriggerResult OnProcessingTime(long time, TimeWindow window, ITriggerContext context) => TriggerResult.Continue;

    /// <inheritdoc />
    public override void Clear(TimeWindow window, ITriggerContext context) => context.DeleteEventTimeTimer(window.MaxTimestamp);

    /// <inheritdoc />
    public override bool CanMerge => true;

    /// <inheritdoc />
    public override void OnMerge(TimeWindow window, ITriggerContext context)
    {
        if (window.MaxTimestamp > context.CurrentWatermark) context.RegisterEventTimeTimer(window.MaxTimestamp);
    }
}

/// <summary>Fires when the processing-time clock passes the end of the window.</summary>
public sealed class ProcessingTimeTrigger : Trigger<TimeWindow>
{
    /// <summary>The shared instance.</summary>
    public static readonly ProcessingTimeTrigger Instance = new();

    /// <inheritdoc />
    public override TriggerResult OnElement(long timestamp, TimeWindow window, ITriggerContext context)
    {
        context.RegisterProcessingTimeTimer(window.MaxTimestamp);
        return TriggerResult.Continue;
    }

    /// <inheritdoc />
    public override TriggerResult OnEventTime(long time, TimeWindow window, ITriggerContext context) => TriggerResult.Continue;

    /// <inheritdoc />
    public override TriggerResult OnProcessingTime(long time, TimeWindow window, ITriggerContext context) => TriggerResult.Fire;

    /// <inheritdoc />
    public override void Clear(TimeWindow window, ITriggerContext context) => context.DeleteProcessingTimeTimer(window.MaxTimestamp);

    /// <inheritdoc />
    public override bool CanMerge => true;

    /// <inheritdoc />
    public override void OnMerge(TimeWindow window, ITriggerContext context) => context.RegisterProcessingTimeTimer(window.MaxTimestamp);
}

/// <summary>Fires every <c>count</c> records of a window.</summary>
public sealed class CountTrigger<TWindow> : Trigger<TWindow> where TWindow : struct, IWindow
{
    private static readonly ReducingStateDescriptor<long> CountDescriptor = new("count-trigger", static (a, b) => a + b);
    private readonly long _count;

    internal CountTrigger(long count) =>
        _count = count > 0 ? count : throw new ArgumentOutOfRangeException(nameof(count), $"Count must be positive, was {count}.");

    /// <inheritdoc />
    public override TriggerResult OnElement(long timestamp, TWindow window, ITriggerContext context)
    {
        var state = context.State.GetReducingState(CountDescriptor);
        state.Add(1);
        if (state.Get() < _count) return TriggerResult.Continue;
        state.Clear();
        return TriggerResult.Fire;
    }

    /// <inheritdoc />
    public override TriggerResult OnEventTime(long time, TWindow window, ITriggerContext context) => TriggerResult.Continue;

    /// <inheritdoc />
    public override TriggerResult OnProcessingTime(long time, TWindow window, ITriggerContext context) => TriggerResult.Continue;

    /// <inheritdoc />
    public override void Clear(TWindow window, ITriggerContext context) => context.State.GetReducingState(CountDescriptor).Clear();

    /// <inheritdoc />
    public override bool CanMerge => true;

    /// <inheritdoc />
    public override void OnMerge(TWindow window, ITriggerContext context) => context.MergeReducingState(CountDescriptor);
}

/// <summary>Factory for <see cref="CountTrigger{TWindow}"/>.</summary>
public static class CountTrigger
{
    /// <summary>Fires every <paramref name="count"/> records.</summary>
    public static CountTrigger<TWindow> Of<TWindow>(long count) where TWindow : struct, IWindow => new(count);
}

/// <summary>Turns every Fire of the wrapped trigger into FireAndPurge.</summary>
public sealed class PurgingTrigger<TWindow>(Trigger<TWindow> inner) : Trigger<TWindow> where TWindow : struct, IWindow
{
    private static TriggerResult Purging(TriggerResult r) => (r & TriggerResult.Fire) != 0 ? TriggerResult.FireAndPurge : r;

    /// <inheritdoc />
    public override TriggerResult OnElement(long timestamp, TWindow window, ITriggerContext context) => Purging(inner.OnElement(timestamp, window, context));

    /// <inheritdoc />
    public override TriggerResult OnEventTime(long time, TWindow window, ITriggerContext context) => Purging(inner.OnEventTime(time, window, context));

    /// <inheritdoc />
    public override TriggerResult OnProcessingTime(long time, TWindow window, ITriggerContext context) => Purging(inner.OnProcessingTime(time, window, context));

    /// <inheritdoc />
    public override void Clear(TWindow window, ITriggerContext context) => inner.Clear(window, context);

    /// <inheritdoc />
    public override bool CanMerge => inner.CanMerge;

    /// <inheritdoc />
    public override void OnMerge(TWindow window, ITriggerContext context) => inner.OnMerge(window, context);
}

/// <summary>Factory for <see cref="PurgingTrigger{TWindow}"/>.</summary>
public static class PurgingTrigger
{
    /// <summary>Wraps <paramref name="trigger"/> so that every firing also purges.</summary>
    public static PurgingTrigger<TWindow> Of<TWindow>(Trigger<TWindow> trigger) where TWindow : struct, IWindow => new(trigger);
}

/// <summary>Never fires (the default of <see cref="GlobalWindows"/>).</summary>
public sealed class NeverTrigger : Trigger<GlobalWindow>
{
    /// <summary>The shared instance.</summary>
    public static readonly NeverTrigger Instance = new();

    /// <inheritdoc />
    public override TriggerResult OnElement(long timestamp, GlobalWindow window, ITriggerContext context) => TriggerResult.Continue;

    /// <inheritdoc />
    public override TriggerResult OnEventTime(long time, GlobalWindow window, ITriggerContext context) => TriggerResult.Continue;

    /// <inheritdoc />
    public override TriggerResult OnProcessingTime(long time, GlobalWindow window, ITriggerContext context) => TriggerResult.Continue;

    /// <inheritdoc />
    public override void Clear(GlobalWindow window, ITriggerContext context) { }
}
