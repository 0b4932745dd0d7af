namespace Compiled.Process;

/// <summary>Time and timers of the current key, as seen by a process function.</summary>
public interface ITimerService
{
    /// <summary>Current processing time (epoch ms).</summary>
    long CurrentProcessingTime { get; }

    /// <summary>Current event-time watermark of the operator.</summary>
    long CurrentWatermark { get; }

    /// <summary>Registers an event-time timer for the current key; a timer per key and timestamp fires once.</summary>
    void RegisterEventTimeTimer(long timestamp);

    /// <summary>Registers a processing-time timer for the current key; a timer per key and timestamp fires once.</summary>
    void RegisterProcessingTimeTimer(long timestamp);

    /// <summary>Deletes an event-time timer of the current key.</summary>
    void DeleteEventTimeTimer(long timestamp);

    /// <summary>Deletes a processing-time timer of the current key.</summary>
    void DeleteProcessingTimeTimer(long timestamp);
}

/// <summary>Which clock fired a timer.</summary>
public enum TimeDomain
{
    /// <summary>Fired by the event-time watermark.</summary>
    EventTime,

    /// <summary>Fired by the processing-time clock.</summary>
    ProcessingTime,
}
