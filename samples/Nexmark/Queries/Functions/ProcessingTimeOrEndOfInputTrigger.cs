using Compiled.Windowing;

namespace Nexmark.Queries.Functions;

/// <summary>
/// Fires a processing-time window when the wall clock reaches its end, like the default processing-time trigger, and
/// also when a bounded input ends (the final watermark, <see cref="long.MaxValue"/>), so the windows still open then
/// are emitted instead of dropped: a bounded run counts every record once.
/// </summary>
public sealed class ProcessingTimeOrEndOfInputTrigger : Trigger<TimeWindow>
{
    /// <summary>The shared instance (the trigger is stateless).</summary>
    public static readonly ProcessingTimeOrEndOfInputTrigger Instance = new();

    private const long EndOfInput = long.MaxValue;

    private ProcessingTimeOrEndOfInputTrigger() { }

    /// <inheritdoc />
    public override TriggerResult OnElement(long timestamp, TimeWindow window, ITriggerContext context)
    {
        context.RegisterProcessingTimeTimer(window.MaxTimestamp);
        context.RegisterEventTimeTimer(EndOfInput);
        return TriggerResult.Continue;
    }

    /// <inheritdoc />
    public override TriggerResult OnProcessingTime(long time, TimeWindow window, ITriggerContext context) => TriggerResult.Fire;

    /// <inheritdoc />
    public override TriggerResult OnEventTime(long time, TimeWindow window, ITriggerContext context) =>
        time == EndOfInput ? TriggerResult.FireAndPurge : TriggerResult.Continue;

    /// <inheritdoc />
    public override void Clear(TimeWindow window, ITriggerContext context)
    {
        context.DeleteProcessingTimeTimer(window.MaxTimestamp);
        context.DeleteEventTimeTimer(EndOfInput);
    }
}
