using Compiled.Execution.Operators;
using Compiled.Functions;
using Compiled.Network;
using Compiled.Plan;
using Compiled.Process;
using Compiled.Serialization;
using Compiled.Windowing;

namespace Compiled.Api;

/// <summary>A stream partitioned by key: keyed state, timers, rolling reduce and windows are available.</summary>
public sealed class KeyedStream<T, TKey> where TKey : notnull
{
    private readonly bool _singleSubtask;

    internal KeyedStream(DataStream<T> input, IKeySelector<T, TKey> keySelector, KeySerializer<TKey> keySerializer, bool singleSubtask = false)
    {
        Input = input;
        KeySelector = keySelector;
        KeySerializer = keySerializer;
        _singleSubtask = singleSubtask;
    }

    internal DataStream<T> Input { get; }
    internal IKeySelector<T, TKey> KeySelector { get; }
    internal KeySerializer<TKey> KeySerializer { get; }

    internal StreamPartitioner<T> CreatePartitioner() =>
        new KeyGroupPartitioner<T, TKey>(KeySelector, KeySerializer, Input.Environment.Config.MaxParallelism);

    /// <summary>Adds a keyed operator: its input is hash-partitioned by key group.</summary>
    public DataStream<TOut> Transform<TOut>(string name, Func<Execution.StreamOperator<TOut>> factory)
    {
        var node = Input.Environment.AddNode(name, factory, requiredParallelism: _singleSubtask ? 1 : null);
        Input.ConnectTo(node, 0, CreatePartitioner());
        return new DataStream<TOut>(Input.Environment, [(node, null)], null) { EventTime = Input.EventTime };
    }

    /// <summary>Runs a keyed process function with keyed state and timers.</summary>
    public DataStream<TOut> Process<TOut>(KeyedProcessFunction<TKey, T, TOut> function, string name = "KeyedProcess") =>
        Process(function, static f => new KeyedProcessFunctionInvoker<TKey, T, TOut>(f), name);

    /// <summary>Generated code: runs a keyed process function through an invoker struct that calls it as its own class (no call through the base).</summary>
    /// <typeparam name="TOut">The function's output.</typeparam>
    /// <typeparam name="TFn">The invoker struct.</typeparam>
    /// <param name="function">The function; each subtask gets its own copy.</param>
    /// <param name="invoker">Wraps a subtask's copy of the function.</param>
    /// <param name="name">The operator's name.</param>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public DataStream<TOut> Process<TOut, TFn>(KeyedProcessFunction<TKey, T, TOut> function, Func<KeyedProcessFunction<TKey, T, TOut>, TFn> invoker, string name)
        where TFn : struct, IKeyedProcessInvoker<TKey, T, TOut>
    {
        var selector = KeySelector;
        var serializer = KeySerializer;
        return Transform(name, () => new KeyedProcessOperator<TKey, T, TOut, TFn>(invoker(DataStream<T>.Clone(function)), selector, serializer));
    }

    /// <summary>Rolling reduce: emits the running aggregate of each key after every record.</summary>
    public DataStream<T> Reduce(Func<T, T, T> reduce, string name = "Reduce")
    {
        var selector = KeySelector;
        var serializer = KeySerializer;
        return Transform(name, () => new KeyedReduceOperator<TKey, T, DelegateReduce<T>>(new(reduce), selector, serializer));
    }

    /// <summary>The environment of the keyed stream (generated code reads its configuration).</summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public StreamEnvironment Environment => Input.Environment;

    /// <summary>Generated code: rolling reduce with a reduce function struct (the lambda's body, inlined).</summary>
    /// <typeparam name="TFn">The generated struct holding the reduce lambda's body.</typeparam>
    /// <param name="reduce">The function struct (generated structs are stateless: <c>default</c>).</param>
    /// <param name="name">The operator's name.</param>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public DataStream<T> Reduce<TFn>(TFn reduce, string name) where TFn : struct, IReduceFunction<T>
    {
        var selector = KeySelector;
        var serializer = KeySerializer;
        return Transform(name, () => new KeyedReduceOperator<TKey, T, TFn>(reduce, selector, serializer));
    }

    /// <summary>Groups each key's records into windows.</summary>
    public WindowedStream<T, TKey, TWindow> Window<TWindow>(WindowAssigner<TWindow> assigner) where TWindow : struct, IWindow
    {
        ArgumentNullException.ThrowIfNull(assigner);
        if (assigner.IsEventTime && !Input.EventTime)
            throw new InvalidOperationException(
                "Event-time windows need event time: give the source a WatermarkStrategy with a timestamp assigner (e.g. WatermarkStrategy.ForBoundedOutOfOrderness), or use processing-time windows.");
        return new WindowedStream<T, TKey, TWindow>(this, assigner);
    }

    /// <summary>Tumbling count windows: fires and purges every <paramref name="size"/> records of a key.</summary>
    public WindowedStream<T, TKey, GlobalWindow> CountWindow(long size) =>
        Window(GlobalWindows.Create()).Trigger(PurgingTrigger.Of(CountTrigger.Of<GlobalWindow>(size)));
}
