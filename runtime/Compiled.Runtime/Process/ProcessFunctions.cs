using Compiled.Functions;

namespace Compiled.Process;

/// <summary>Context shared by process functions while they handle a record or a timer.</summary>
public abstract class ProcessContext
{
    /// <summary>Event timestamp of the current record (or the timer's time), or <see cref="EventTime.Watermarks.NoTimestamp"/>.</summary>
    public abstract long Timestamp { get; }

    /// <summary>Time and timers; timers need a keyed stream.</summary>
    public abstract ITimerService TimerService { get; }

    /// <summary>Emits <paramref name="value"/> to the side output named by <paramref name="tag"/>.</summary>
    public abstract void Output<T>(OutputTag<T> tag, in T value);
}

/// <summary>Low-level function over a non-keyed stream: records, side outputs, time.</summary>
public abstract class ProcessFunction<TIn, TOut> : RichFunction
{
    /// <summary>Handles one record.</summary>
    public abstract void ProcessElement(in TIn value, ProcessContext context, ICollector<TOut> output);
}

/// <summary>Context of a keyed process function, with the current key.</summary>
public abstract class KeyedContext<TKey> : ProcessContext
{
    /// <summary>Key of the current record or timer.</summary>
    public abstract TKey CurrentKey { get; }
}

/// <summary>Context of a firing timer.</summary>
public abstract class TimerContext<TKey> : KeyedContext<TKey>
{
    /// <summary>Clock that fired the timer.</summary>
    public abstract TimeDomain TimeDomain { get; }
}

/// <summary>Low-level function over a keyed stream: keyed state (fields created in <see cref="RichFunction.Open"/>) and timers.</summary>
public abstract class KeyedProcessFunction<TKey, TIn, TOut> : RichFunction
{
    /// <summary>Handles one record.</summary>
    public abstract void ProcessElement(in TIn value, KeyedContext<TKey> context, ICollector<TOut> output);

    /// <summary>Called when a timer of the current key fires.</summary>
    public virtual void OnTimer(long timestamp, TimerContext<TKey> context, ICollector<TOut> output) { }
}

/// <summary>Function over two connected, non-keyed streams.</summary>
public abstract class CoProcessFunction<TIn1, TIn2, TOut> : RichFunction
{
    /// <summary>Handles a record of the first input.</summary>
    public abstract void ProcessElement1(in TIn1 value, ProcessContext context, ICollector<TOut> output);

    /// <summary>Handles a record of the second input.</summary>
    public abstract void ProcessElement2(in TIn2 value, ProcessContext context, ICollector<TOut> output);
}

/// <summary>Function over two connected streams keyed by the same key type; shares keyed state and timers between both inputs.</summary>
public abstract class KeyedCoProcessFunction<TKey, TIn1, TIn2, TOut> : RichFunction
{
    /// <summary>Handles a record of the first input.</summary>
    public abstract void ProcessElement1(in TIn1 value, KeyedContext<TKey> context, ICollector<TOut> output);

    /// <summary>Handles a record of the second input.</summary>
    public abstract void ProcessElement2(in TIn2 value, KeyedContext<TKey> context, ICollector<TOut> output);

    /// <summary>Called when a timer of the current key fires.</summary>
    public virtual void OnTimer(long timestamp, TimerContext<TKey> context, ICollector<TOut> output) { }
}
