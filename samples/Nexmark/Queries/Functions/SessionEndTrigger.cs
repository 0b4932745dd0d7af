using Compiled.Windowing;

namespace Nexmark.Queries.Functions;

/// <summary>
/// Fires a time window once the watermark reaches its end (exclusive bound) rather than its last millisecond.
/// For session windows that merge when they touch, this is the earliest moment at which no record can still
/// extend the session: a later record has a timestamp above the watermark, hence beyond the end. Use it with
/// one millisecond of allowed lateness, so the window's state is cleaned up at the same instant, not before.
/// </summary>
public sealed class SessionEndTrigger : Trigger<TimeWindow>
{
    /// <summary>The shared instance (the trigger is stateless).</summary>
    public static readonly SessionEndTrigger Instance = new();

    private SessionEndTrigger() { }

    /// <inheritdoc />
    public override TriggerResult OnElement(long timestamp, TimeWindow window, ITriggerContext context)
    {
        if (window.End <= context.CurrentWatermark) return TriggerResult.Fire;
        context.RegisterEventTimeTimer(window.End);
        return TriggerResult.Continue;
    }

    /// <inheritdoc />
    public override TriggerResult OnEventTime(long time, TimeWindow window, ITriggerContext context) =>
        time == window.End ? TriggerResult.Fire : TriggerResult.Continue;

    /// <inheritdoc />
    public override TriggerResult OnProcessingTime(long time, TimeWindow window, ITriggerContext context) => TriggerResult.Continue;

    /// <inheritdoc />
    public override void Clear(TimeWindow window, ITriggerContext context) => context.DeleteEventTimeTimer(window.End);

    /// <inheritdoc />
    public override bool CanMerge => true;

    /// <inheritdoc />
    public override void OnMerge(TimeWindow window, ITriggerContext context)
    {
        if (window.End > context.CurrentWatermark) context.RegisterEventTimeTimer(window.End);
    }
}
