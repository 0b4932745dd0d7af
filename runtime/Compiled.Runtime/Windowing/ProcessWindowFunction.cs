using Compiled.Functions;

namespace Compiled.Windowing;

/// <summary>Context of a window evaluation.</summary>
public abstract class WindowContext<TWindow> where TWindow : struct, IWindow
{
    /// <summary>The window being evaluated.</summary>
    public abstract TWindow Window { get; }

    /// <summary>Current event-time watermark.</summary>
    public abstract long CurrentWatermark { get; }

    /// <summary>Current processing time.</summary>
    public abstract long CurrentProcessingTime { get; }

    /// <summary>Emits to a side output.</summary>
    public abstract void Output<T>(OutputTag<T> tag, in T value);
}

/// <summary>Evaluates a window with all its elements (or the single pre-aggregated value), with access to the window.</summary>
public abstract class ProcessWindowFunction<TIn, TOut, TKey, TWindow> : Compiled.Process.RichFunction where TWindow : struct, IWindow
{
    /// <summary>Evaluates the window of <paramref name="key"/>.</summary>
    public abstract void Process(TKey key, WindowContext<TWindow> context, IReadOnlyList<TIn> elements, ICollector<TOut> output);
}
