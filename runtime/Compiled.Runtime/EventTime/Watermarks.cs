namespace Compiled.EventTime;

/// <summary>Well-known watermark and timestamp values (event time is epoch milliseconds).</summary>
public static class Watermarks
{
    /// <summary>The watermark before any event: nothing is known yet.</summary>
    public const long Min = long.MinValue;

    /// <summary>The final watermark of a bounded input: every event-time window and timer fires.</summary>
    public const long Max = long.MaxValue;

    /// <summary>Timestamp of a record that has none (no watermark strategy assigned one).</summary>
    public const long NoTimestamp = long.MinValue;
}

/// <summary>Receives watermarks from a <see cref="IWatermarkGenerator{T}"/>.</summary>
public interface IWatermarkOutput
{
    /// <summary>Emits a watermark: no later record of this split will have a smaller timestamp.</summary>
    void EmitWatermark(long watermark);

    /// <summary>Marks the split idle: it is excluded from the watermark until it emits again.</summary>
    void MarkIdle();
}

/// <summary>Generates watermarks for one source split, as Flink's WatermarkGenerator.</summary>
public interface IWatermarkGenerator<T>
{
    /// <summary>Called for every record with its assigned timestamp.</summary>
    void OnEvent(in T value, long timestamp, IWatermarkOutput output);

    /// <summary>Called periodically (after every batch the source emits).</summary>
    void OnPeriodicEmit(IWatermarkOutput output);
}
