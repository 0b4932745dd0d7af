namespace Compiled.Windowing;

/// <summary>A window: a finite slice of a keyed stream whose contents are evaluated together.</summary>
public interface IWindow
{
    /// <summary>The largest timestamp that belongs to the window; results carry it as their timestamp.</summary>
    long MaxTimestamp { get; }
}

/// <summary>A time interval [<paramref name="Start"/>, <paramref name="End"/>) in epoch milliseconds.</summary>
public readonly record struct TimeWindow(long Start, long End) : IWindow
{
    /// <inheritdoc />
    public long MaxTimestamp => End - 1;

    /// <summary>Whether the windows overlap or touch (sessions that touch merge).</summary>
    public bool Intersects(TimeWindow other) => Start <= other.End && End >= other.Start;

    /// <summary>The smallest window that contains both windows.</summary>
    public TimeWindow Cover(TimeWindow other) => new(Math.Min(Start, other.Start), Math.Max(End, other.End));

    /// <summary>Start of the window of size <paramref name="size"/> (aligned to <paramref name="offset"/>) that contains <paramref name="timestamp"/>.</summary>
    public static long StartOf(long timestamp, long offset, long size)
    {
        long remainder = (timestamp - offset) % size;
        if (remainder < 0) remainder += size;
        return timestamp - remainder;
    }

    /// <inheritdoc />
    public override string ToString() => $"[{Start}, {End})";
}

/// <summary>The single window of <see cref="GlobalWindows"/>: everything of a key, forever.</summary>
public readonly record struct GlobalWindow : IWindow
{
    /// <inheritdoc />
    public long MaxTimestamp => long.MaxValue;
}
