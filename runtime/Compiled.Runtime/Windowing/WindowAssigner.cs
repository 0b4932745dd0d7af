namespace Compiled.Windowing;

/// <summary>Assigns each record to zero or more windows, as Flink's WindowAssigner.</summary>
/// <typeparam name="TWindow">The window type.</typeparam>
public abstract class WindowAssigner<TWindow> where TWindow : struct, IWindow
{
    /// <summary>Adds the windows of a record with event timestamp <paramref name="timestamp"/> to <paramref name="windows"/>.</summary>
    /// <param name="timestamp">The record's event timestamp.</param>
    /// <param name="currentProcessingTime">The processing time now; 0 for an assigner whose <see cref="IsEventTime"/> is true.</param>
    /// <param name="windows">Receives the windows.</param>
    public abstract void AssignWindows(long timestamp, long currentProcessingTime, List<TWindow> windows);

    /// <summary>Trigger used when the user sets none.</summary>
    public abstract Trigger<TWindow> DefaultTrigger { get; }

    /// <summary>Whether windows are in event time (they then need a watermark strategy).</summary>
    public abstract bool IsEventTime { get; }
}

/// <summary>An assigner whose windows merge when they overlap (sessions).</summary>
public abstract class MergingWindowAssigner<TWindow> : WindowAssigner<TWindow> where TWindow : struct, IWindow
{
    /// <summary>Whether <paramref name="a"/> and <paramref name="b"/> must merge.</summary>
    public abstract bool ShouldMerge(TWindow a, TWindow b);

    /// <summary>The window that covers both.</summary>
    public abstract TWindow Merge(TWindow a, TWindow b);
}

internal static class Durations
{
    public static long PositiveMillis(TimeSpan value, string what)
    {
        long ms = (long)value.TotalMilliseconds;
        if (ms <= 0) throw new ArgumentOutOfRangeException(what, $"Window {what} must be at least 1 ms, was {value}.");
        return ms;
    }
}

/// <summary>Fixed-size, non-overlapping event-time windows.</summary>
public sealed class TumblingEventTimeWindows : WindowAssigner<TimeWindow>
{
    private readonly long _size, _offset;
    private TumblingEventTimeWindows(long size, long offset) { _size = size; _offset = offset; }

    /// <summary>Windows of <paramref name="size"/>, aligned to epoch plus <paramref name="offset"/>.</summary>
    public static TumblingEventTimeWindows Of(TimeSpan size, TimeSpan offset = default) =>
        new(Durations.PositiveMillis(size, "size"), (long)offset.TotalMilliseconds);

    /// <inheritdoc />
    public override void AssignWindows(long timestamp, long currentProcessingTime, List<TimeWindow> windows)
    {
        if (timestamp == long.MinValue)
            throw new InvalidOperationException("A record has no event timestamp: event-time windows need a WatermarkStrategy with a timestamp assigner on the source.");
        long start = TimeWindow.StartOf(timestamp, _offset, _size);
        windows.Add(new TimeWindow(start, start + _size));
    }

    /// <inheritdoc />
    public override Trigger<TimeWindow> DefaultTrigger => EventTimeTrigger.Instance;

    /// <inheritdoc />
    public override bool IsEventTime => true;
}

/// <summary>Fixed-size event-time windows that start every <c>slide</c> and so overlap.</summary>
public sealed class SlidingEventTimeWindows : WindowAssigner<TimeWindow>
{
    private readonly long _size, _slide, _offset;
    private SlidingEventTimeWindows(long size, long slide, long offset) { _size = size; _slide = slide; _offset = offset; }

    /// <summary>Windows of <paramref name="size"/> starting every <paramref name="slide"/>.</summary>
    public static SlidingEventTimeWindows Of(TimeSpan size, TimeSpan slide, TimeSpan offset = default)
    {
        long s = Durations.PositiveMillis(size, "size"), sl = Durations.PositiveMillis(slide, "slide");
        if (sl > s) throw new ArgumentOutOfRangeException(nameof(slide), $"Slide ({slide}) must not exceed size ({size}); use tumbling windows or a smaller slide.");
        return new(s, sl, (long)offset.TotalMilliseconds);
    }

    /// <inheritdoc />
    public override void AssignWindows(long timestamp, long currentProcessingTime, List<TimeWindow> windows)
    {
        if (timestamp == long.MinValue)
            throw new InvalidOperationException("A record has no event timestamp: event-time windows need a WatermarkStrategy with a timestamp assigner on the source.");
        for (long start = TimeWindow.StartOf(timestamp, _offset, _slide); start > timestamp - _size; start -= _slide)
            windows.Add(new TimeWindow(start, start + _size));
    }

    /// <inheritdoc />
    public override Trigger<TimeWindow> DefaultTrigger => EventTimeTrigger.Instance;

    /// <inheritdoc />
    public override bool IsEventTime => true;
}

/// <summary>Event-time session windows: a key's records closer than the gap form one window.</summary>
public sealed class EventTimeSessionWindows : MergingWindowAssigner<TimeWindow>
{
    private readonly long _gap;
    private EventTimeSessionWindows(long gap) => _gap = gap;

    /// <summary>Sessions separated by at least <paramref name="gap"/> of inactivity.</summary>
    public static EventTimeSessionWindows WithGap(TimeSpan gap) => new(Durations.PositiveMillis(gap, "gap"));

    /// <inheritdoc />
    public override void AssignWindows(long timestamp, long currentProcessingTime, List<TimeWindow> windows)
    {
        if (timestamp == long.MinValue)
            throw new InvalidOperationException("A record has no event timestamp: event-time windows need a WatermarkStrategy with a timestamp assigner on the source.");
        windows.Add(new TimeWindow(timestamp, timestamp + _gap));
    }

    /// <inheritdoc />
    public override bool ShouldMerge(TimeWindow a, TimeWindow b) => a.Intersects(b);

    /// <inheritdoc />
    public override TimeWindow Merge(TimeWindow a, TimeWindow b) => a.Cover(b);

    /// <inheritdoc />
    public override Trigger<TimeWindow> DefaultTrigger => EventTimeTrigger.Instance;

    /// <inheritdoc />
    public override bool IsEventTime => true;
}

/// <summary>Fixed-size, non-overlapping processing-time windows.</summary>
public sealed class TumblingProcessingTimeWindows : WindowAssigner<TimeWindow>
{
    private readonly long _size, _offset;
    private TumblingProcessingTimeWindows(long size, long offset) { _size = size; _offset = offset; }

    /// <summary>Windows of <paramref name="size"/> of wall-clock time.</summary>
    public static TumblingProcessingTimeWindows Of(TimeSpan size, TimeSpan offset = default) =>
        new(Durations.PositiveMillis(size, "size"), (long)offset.TotalMilliseconds);

    /// <inheritdoc />
    public override void AssignWindows(long timestamp, long currentProcessingTime, List<TimeWindow> windows)
    {
        long start = TimeWindow.StartOf(currentProcessingTime, _offset, _size);
        windows.Add(new TimeWindow(start, start + _size));
    }

    /// <inheritdoc />
    public override Trigger<TimeWindow> DefaultTrigger => ProcessingTimeTrigger.Instance;

    /// <inheritdoc />
    public override bool IsEventTime => false;
}

/// <summary>Sliding processing-time windows.</summary>
public sealed class SlidingProcessingTimeWindows : WindowAssigner<TimeWindow>
{
    private readonly long _size, _slide;
    private SlidingProcessingTimeWindows(long size, long slide) { _size = size; _slide = slide; }

    /// <summary>Windows of <paramref name="size"/> starting every <paramref name="slide"/> of wall-clock time.</summary>
    public static SlidingProcessingTimeWindows Of(TimeSpan size, TimeSpan slide)
    {
        long s = Durations.PositiveMillis(size, "size"), sl = Durations.PositiveMillis(slide, "slide");
        if (sl > s) throw new ArgumentOutOfRangeException(nameof(slide), $"Slide ({slide}) must not exceed size ({size}).");
        return new(s, sl);
    }

    /// <inheritdoc />
    public override void AssignWindows(long timestamp, long currentProcessingTime, List<TimeWindow> windows)
    {
        for (long start = TimeWindow.StartOf(currentProcessingTime, 0, _slide); start > currentProcessingTime - _size; start -= _slide)
            windows.Add(new TimeWindow(start, start + _size));
    }

    /// <inheritdoc />
    public override Trigger<TimeWindow> DefaultTrigger => ProcessingTimeTrigger.Instance;

    /// <inheritdoc />
    public override bool IsEventTime => false;
}

/// <summary>Processing-time session windows.</summary>
public sealed class ProcessingTimeSessionWindows : MergingWindowAssigner<TimeWindow>
{
    private readonly long _gap;
    private ProcessingTimeSessionWindows(long gap) => _gap = gap;

    /// <summary>Sessions separated by at least <paramref name="gap"/> of wall-clock inactivity.</summary>
    public static ProcessingTimeSessionWindows WithGap(TimeSpan gap) => new(Durations.PositiveMillis(gap, "gap"));

    /// <inheritdoc />
    public override void AssignWindows(long timestamp, long currentProcessingTime, List<TimeWindow> windows) =>
        windows.Add(new TimeWindow(currentProcessingTime, currentProcessingTime + _gap));

    /// <inheritdoc />
    public override bool ShouldMerge(TimeWindow a, TimeWindow b) => a.Intersects(b);

    /// <inheritdoc />
    public override TimeWindow Merge(TimeWindow a, TimeWindow b) => a.Cover(b);

    /// <inheritdoc />
    public override Trigger<TimeWindow> DefaultTrigger => ProcessingTimeTrigger.Instance;

    /// <inheritdoc />
    public override bool IsEventTime => false;
}

/// <summary>One window per key that never ends; use with a count or custom trigger.</summary>
public sealed class GlobalWindows : WindowAssigner<GlobalWindow>
{
    private GlobalWindows() { }

    /// <summary>The global window assigner (its default trigger never fires).</summary>
    public static GlobalWindows Create() => new();

    /// <inheritdoc />
    public override void AssignWindows(long timestamp, long currentProcessingTime, List<GlobalWindow> windows) => windows.Add(default);

    /// <inheritdoc />
    public override Trigger<GlobalWindow> DefaultTrigger => NeverTrigger.Instance;

    /// <inheritdoc />
    public override bool IsEventTime => false;
}
