namespace Compiled.EventTime;

/// <summary>
/// How a source assigns event timestamps and generates watermarks, per split. Create with
/// <see cref="WatermarkStrategy.ForBoundedOutOfOrderness{T}"/>, <see cref="WatermarkStrategy.ForMonotonousTimestamps{T}"/>
/// or <see cref="WatermarkStrategy.NoWatermarks{T}"/>.
/// </summary>
/// <typeparam name="T">The record type.</typeparam>
public sealed class WatermarkStrategy<T>
{
    internal WatermarkStrategy(Func<T, long>? timestampAssigner, Func<IWatermarkGenerator<T>>? generatorFactory, TimeSpan? idleTimeout)
    {
        TimestampAssigner = timestampAssigner;
        GeneratorFactory = generatorFactory;
        IdleTimeout = idleTimeout;
    }

    /// <summary>Extracts the event timestamp (epoch ms) of a record; null keeps the source's own timestamps.</summary>
    public Func<T, long>? TimestampAssigner { get; }

    /// <summary>Creates one watermark generator per split; null means no watermarks (processing time only).</summary>
    public Func<IWatermarkGenerator<T>>? GeneratorFactory { get; }

    /// <summary>After this much processing time without records a split is marked idle; null never.</summary>
    public TimeSpan? IdleTimeout { get; }

    /// <summary>Whether this strategy produces event-time watermarks.</summary>
    public bool HasWatermarks => GeneratorFactory is not null;

    /// <summary>Marks splits idle after <paramref name="timeout"/> without records, so they do not hold back event time.</summary>
    public WatermarkStrategy<T> WithIdleness(TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeout), $"Idle timeout must be positive, was {timeout}.");
        return new(TimestampAssigner, GeneratorFactory, timeout);
    }

    /// <summary>Uses <paramref name="assigner"/> to extract event timestamps (epoch ms).</summary>
    public WatermarkStrategy<T> WithTimestampAssigner(Func<T, long> assigner) => new(assigner, GeneratorFactory, IdleTimeout);
}

/// <summary>Factories for <see cref="WatermarkStrategy{T}"/>.</summary>
public static class WatermarkStrategy
{
    /// <summary>Watermark = max timestamp seen − <paramref name="maxOutOfOrderness"/> − 1 ms: records may arrive that much out of order.</summary>
    public static WatermarkStrategy<T> ForBoundedOutOfOrderness<T>(Func<T, long> timestamp, TimeSpan maxOutOfOrderness)
    {
        ArgumentNullException.ThrowIfNull(timestamp);
        if (maxOutOfOrderness < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(maxOutOfOrderness), $"Out-of-orderness must not be negative, was {maxOutOfOrderness}.");
        long bound = (long)maxOutOfOrderness.TotalMilliseconds;
        return new(timestamp, () => new BoundedOutOfOrdernessWatermarks<T>(bound), null);
    }

    /// <summary>Timestamps never decrease: watermark = max timestamp seen − 1 ms.</summary>
    public static WatermarkStrategy<T> ForMonotonousTimestamps<T>(Func<T, long> timestamp) => ForBoundedOutOfOrderness(timestamp, TimeSpan.Zero);

    /// <summary>No event time: records carry no timestamp and no watermarks are generated (processing-time jobs).</summary>
    public static WatermarkStrategy<T> NoWatermarks<T>() => new(null, null, null);

    /// <summary>A custom generator per split.</summary>
    public static WatermarkStrategy<T> ForGenerator<T>(Func<T, long> timestamp, Func<IWatermarkGenerator<T>> generatorFactory) => new(timestamp, generatorFactory, null);
}

/// <summary>Flink's bounded out-of-orderness generator: watermark = max timestamp − bound − 1.</summary>
public sealed class BoundedOutOfOrdernessWatermarks<T>(long maxOutOfOrdernessMillis) : IWatermarkGenerator<T>
{
    private long _maxTimestamp = long.MinValue + maxOutOfOrdernessMillis + 1;

    /// <inheritdoc />
    public void OnEvent(in T value, long timestamp, IWatermarkOutput output)
    {
        if (timestamp > _maxTimestamp) _maxTimestamp = timestamp;
    }

    /// <inheritdoc />
    public void OnPeriodicEmit(IWatermarkOutput output) => output.EmitWatermark(_maxTimestamp - maxOutOfOrdernessMillis - 1);
}
