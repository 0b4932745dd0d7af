using Compiled.Execution.Operators;
using Compiled.Functions;
using Compiled.Windowing;

namespace Compiled.Api;

/// <summary>A keyed stream cut into windows; finish it with Reduce, Aggregate or Process.</summary>
public sealed class WindowedStream<T, TKey, TWindow> where TKey : notnull where TWindow : struct, IWindow
{
    private readonly KeyedStream<T, TKey> _input;
    private readonly WindowAssigner<TWindow> _assigner;
    private Trigger<TWindow>? _trigger;
    private long _allowedLateness;
    private OutputTag<T>? _lateDataTag;

    internal WindowedStream(KeyedStream<T, TKey> input, WindowAssigner<TWindow> assigner)
    {
        _input = input;
        _assigner = assigner;
    }

    /// <summary>Replaces the assigner's default trigger.</summary>
    public WindowedStream<T, TKey, TWindow> Trigger(Trigger<TWindow> trigger)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        if (_assigner is MergingWindowAssigner<TWindow> && !trigger.CanMerge)
            throw new ArgumentException($"Trigger {trigger.GetType().Name} cannot be used with merging (session) windows.", nameof(trigger));
        _trigger = trigger;
        return this;
    }

    /// <summary>Keeps windows for <paramref name="lateness"/> after the watermark passes their end; late records update and re-fire them.</summary>
    public WindowedStream<T, TKey, TWindow> AllowedLateness(TimeSpan lateness)
    {
        if (lateness < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(lateness), $"Allowed lateness must not be negative, was {lateness}.");
        if (!_assigner.IsEventTime && lateness > TimeSpan.Zero) throw new InvalidOperationException("Allowed lateness applies to event-time windows only.");
        _allowedLateness = (long)lateness.TotalMilliseconds;
        return this;
    }

    /// <summary>Sends records that are too late for all their windows to the side output <paramref name="tag"/> instead of dropping them.</summary>
    public WindowedStream<T, TKey, TWindow> SideOutputLateData(OutputTag<T> tag)
    {
        _lateDataTag = tag ?? throw new ArgumentNullException(nameof(tag));
        return this;
    }

    private DataStream<TOut> Build<TAcc, TResult, TOut>(string name, WindowContents<T, TAcc, TResult> contents,
        Func<InternalWindowFunction<TResult, TOut, TKey, TWindow>> function)
    {
        var assigner = _assigner;
        var trigger = _trigger ?? _assigner.DefaultTrigger;
        var options = new WindowOptions<T>(_allowedLateness, _lateDataTag);
        var selector = _input.KeySelector;
        var serializer = _input.KeySerializer;
        return _input.Transform(name, () =>
            new WindowOperator<TKey, T, TAcc, TResult, TOut, TWindow>(assigner, trigger, contents, function(), selector, serializer, options));
    }

    /// <summary>Reduces each window incrementally; emits the reduced record when the window fires.</summary>
    public DataStream<T> Reduce(Func<T, T, T> reduce, string name = "WindowReduce") =>
        Build<T, T, T>(name, new ReduceContents<T, DelegateReduce<T>>(new(reduce)), static () => new PassThroughWindowFunction<T, TKey, TWindow>());

    /// <summary>Reduces incrementally and hands the result, with the window, to <paramref name="function"/>.</summary>
    public DataStream<TOut> Reduce<TOut>(Func<T, T, T> reduce, ProcessWindowFunction<T, TOut, TKey, TWindow> function, string name = "WindowReduce") =>
        Build<T, T, TOut>(name, new ReduceContents<T, DelegateReduce<T>>(new(reduce)),
            () => new SingleValueWindowFunction<T, TOut, TKey, TWindow>(DataStream<T>.Clone(function)));

    /// <summary>Aggregates each window incrementally.</summary>
    public DataStream<TOut> Aggregate<TAcc, TOut>(IAggregateFunction<T, TAcc, TOut> aggregate, string name = "WindowAggregate") =>
        Build<TAcc, TOut, TOut>(name, new AggregateContents<T, TAcc, TOut>(aggregate), static () => new PassThroughWindowFunction<TOut, TKey, TWindow>());

    /// <summary>Aggregates incrementally and hands the result, with the window, to <paramref name="function"/>.</summary>
    public DataStream<TOut> Aggregate<TAcc, TResult, TOut>(IAggregateFunction<T, TAcc, TResult> aggregate,
        ProcessWindowFunction<TResult, TOut, TKey, TWindow> function, string name = "WindowAggregate") =>
        Build<TAcc, TResult, TOut>(name, new AggregateContents<T, TAcc, TResult>(aggregate),
            () => new SingleValueWindowFunction<TResult, TOut, TKey, TWindow>(DataStream<T>.Clone(function)));

    /// <summary>The environment of the windowed stream (generated code reads its configuration).</summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public StreamEnvironment Environment => _input.Input.Environment;

    /// <summary>Generated code: aggregates each window with an aggregate function struct (called directly, not through the interface).</summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public DataStream<TOut> Aggregate<TAcc, TOut, TFn>(TFn aggregate, string name) where TFn : struct, IAggregateFunction<T, TAcc, TOut> =>
        Build<TAcc, TOut, TOut>(name, new AggregateContents<T, TAcc, TOut, TFn>(aggregate), static () => new PassThroughWindowFunction<TOut, TKey, TWindow>());

    /// <summary>Generated code: aggregates with an aggregate function struct and hands the result, with the window, to <paramref name="function"/>.</summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public DataStream<TOut> Aggregate<TAcc, TResult, TOut, TFn>(TFn aggregate, ProcessWindowFunction<TResult, TOut, TKey, TWindow> function, string name)
        where TFn : struct, IAggregateFunction<T, TAcc, TResult> =>
        Build<TAcc, TResult, TOut>(name, new AggregateContents<T, TAcc, TResult, TFn>(aggregate),
            () => new SingleValueWindowFunction<TResult, TOut, TKey, TWindow>(DataStream<T>.Clone(function)));

    /// <summary>Generated code: reduces each window incrementally with a reduce function struct (the lambda's body, inlined).</summary>
    /// <typeparam name="TFn">The generated struct holding the reduce lambda's body.</typeparam>
    /// <param name="reduce">The function struct (generated structs are stateless: <c>default</c>).</param>
    /// <param name="name">The operator's name.</param>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public DataStream<T> Reduce<TFn>(TFn reduce, string name) where TFn : struct, IReduceFunction<T> =>
        Build<T, T, T>(name, new ReduceContents<T, TFn>(reduce), static () => new PassThroughWindowFunction<T, TKey, TWindow>());

    /// <summary>Generated code: reduces with a reduce function struct and hands the result, with the window, to <paramref name="function"/>.</summary>
    /// <typeparam name="TOut">The window function's output.</typeparam>
    /// <typeparam name="TFn">The generated struct holding the reduce lambda's body.</typeparam>
    /// <param name="reduce">The function struct (generated structs are stateless: <c>default</c>).</param>
    /// <param name="function">Called once per fired window with the reduced record.</param>
    /// <param name="name">The operator's name.</param>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public DataStream<TOut> Reduce<TOut, TFn>(TFn reduce, ProcessWindowFunction<T, TOut, TKey, TWindow> function, string name)
        where TFn : struct, IReduceFunction<T> =>
        Build<T, T, TOut>(name, new ReduceContents<T, TFn>(reduce),
            () => new SingleValueWindowFunction<T, TOut, TKey, TWindow>(DataStream<T>.Clone(function)));

    /// <summary>Buffers all records of each window and evaluates them together.</summary>
    public DataStream<TOut> Process<TOut>(ProcessWindowFunction<T, TOut, TKey, TWindow> function, string name = "WindowProcess") =>
        Build<List<T>, IReadOnlyList<T>, TOut>(name, new ListContents<T>(),
            () => new ListWindowFunction<T, TOut, TKey, TWindow>(DataStream<T>.Clone(function)));
}
