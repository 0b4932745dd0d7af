using Compiled.Connectors;
using Compiled.Execution;
using Compiled.Execution.Operators;
using Compiled.Functions;
using Compiled.Network;
using Compiled.Plan;
using Compiled.Process;
using Compiled.Serialization;
using Compiled.Windowing;

namespace Compiled.Api;

/// <summary>A typed stream of records, as Flink's DataStream. Operations return new streams; nothing runs until Execute.</summary>
public partial class DataStream<T>
{
    internal DataStream(StreamEnvironment env, IReadOnlyList<(StreamNode Node, OutputTag? Tag)> producers, StreamPartitioner<T>? partitioner)
    {
        Environment = env;
        Producers = producers;
        Partitioner = partitioner;
    }

    /// <summary>The environment the stream belongs to.</summary>
    public StreamEnvironment Environment { get; }

    internal IReadOnlyList<(StreamNode Node, OutputTag? Tag)> Producers { get; }
    internal StreamPartitioner<T>? Partitioner { get; }

    /// <summary>Whether records carry event time from a watermark strategy (checked by event-time windows).</summary>
    internal bool EventTime { get; init; }

    private StreamNode SingleNode => Deferred is null && Producers is [(var node, null)]
        ? node
        : throw new InvalidOperationException("This setting applies to one operator; it cannot be set on a union or side output.");

    /// <summary>Sets the parallelism of the operator that produces this stream.</summary>
    public DataStream<T> SetParallelism(int parallelism)
    {
        if (parallelism < 1) throw new ArgumentOutOfRangeException(nameof(parallelism), $"Parallelism must be at least 1, was {parallelism}.");
        SingleNode.Parallelism = parallelism;
        return this;
    }

    /// <summary>Names the operator that produces this stream.</summary>
    public DataStream<T> Name(string name)
    {
        SingleNode.Name = name;
        return this;
    }

    /// <summary>Sets the stable id of the operator, used to match its state in savepoints.</summary>
    public DataStream<T> Uid(string uid)
    {
        SingleNode.Uid = uid;
        return this;
    }

    /// <summary>Starts a new chain at this operator (no fusion with its input).</summary>
    public DataStream<T> DisableChaining()
    {
        SingleNode.ChainingAllowed = false;
        return this;
    }

    /// <summary>Adds an operator consuming this stream. The low-level hook used by the API and generated code.</summary>
    public DataStream<TOut> Transform<TOut>(string name, Func<StreamOperator<TOut>> factory)
    {
        var node = Environment.AddNode(name, factory);
        ConnectTo(node, 0);
        return new DataStream<TOut>(Environment, [(node, null)], null) { EventTime = EventTime };
    }

    internal void ConnectTo(StreamNode target, int input, StreamPartitioner<T>? partitioner = null)
    {
        ThrowIfDeferred();
        foreach (var (node, tag) in Producers)
        {
            var edge = new StreamEdge<T>(node, target, input, tag, partitioner ?? Partitioner);
            node.Outputs.Add(edge);
            target.Inputs.Add(edge);
        }
    }

    /// <summary>Transforms every record.</summary>
    public DataStream<TOut> Map<TOut>(Func<T, TOut> map, string name = "Map") =>
        Transform(name, () => new MapOperator<T, TOut, DelegateMap<T, TOut>>(new(map)));

    /// <summary>Transforms every record with a function struct (inlined by the JIT: the compiled path).</summary>
    public DataStream<TOut> Map<TOut, TFn>(TFn map, string name = "Map") where TFn : struct, IMapFunction<T, TOut> =>
        Transform(name, () => new MapOperator<T, TOut, TFn>(map));

    /// <summary>Keeps the records for which <paramref name="predicate"/> is true.</summary>
    public DataStream<T> Filter(Func<T, bool> predicate, string name = "Filter") =>
        Transform(name, () => new FilterOperator<T, DelegateFilter<T>>(new(predicate)));

    /// <summary>Keeps records with a filter struct (the compiled path).</summary>
    public DataStream<T> Filter<TFn>(TFn predicate, string name = "Filter") where TFn : struct, IFilterFunction<T> =>
        Transform(name, () => new FilterOperator<T, TFn>(predicate));

    /// <summary>Transforms each record into zero or more records.</summary>
    public DataStream<TOut> FlatMap<TOut>(Action<T, ICollector<TOut>> flatMap, string name = "FlatMap") =>
        Transform(name, () => new FlatMapOperator<T, TOut, DelegateFlatMap<T, TOut>>(new(flatMap)));

    /// <summary>Runs a process function (side outputs, time access) on each record.</summary>
    public DataStream<TOut> Process<TOut>(ProcessFunction<T, TOut> function, string name = "Process") =>
        Process(function, static f => new ProcessFunctionInvoker<T, TOut>(f), name);

    /// <summary>Generated code: runs a process function through an invoker struct that calls it as its own class (no call through the base).</summary>
    /// <typeparam name="TOut">The function's output.</typeparam>
    /// <typeparam name="TFn">The invoker struct.</typeparam>
    /// <param name="function">The function; each subtask gets its own copy.</param>
    /// <param name="invoker">Wraps a subtask's copy of the function.</param>
    /// <param name="name">The operator's name.</param>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public DataStream<TOut> Process<TOut, TFn>(ProcessFunction<T, TOut> function, Func<ProcessFunction<T, TOut>, TFn> invoker, string name)
        where TFn : struct, IProcessInvoker<T, TOut> =>
        Transform(name, () => new ProcessOperator<T, TOut, TFn>(invoker(Clone(function))));

    /// <summary>Partitions the stream by key: records with the same key go to the same subtask, and keyed state and timers become available.</summary>
    public KeyedStream<T, TKey> KeyBy<TKey>(Func<T, TKey> keySelector) where TKey : notnull =>
        KeyBy(keySelector, KeySerializers.Get<TKey>());

    /// <summary>Partitions by key with an explicit key serializer (for key types without a built-in one).</summary>
    public KeyedStream<T, TKey> KeyBy<TKey>(Func<T, TKey> keySelector, KeySerializer<TKey> keySerializer) where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(keySelector);
        ArgumentNullException.ThrowIfNull(keySerializer);
        return new KeyedStream<T, TKey>(this, new DelegateKeySelector<T, TKey>(keySelector), keySerializer);
    }

    /// <summary>Merges streams of the same type.</summary>
    public DataStream<T> Union(params DataStream<T>[] others)
    {
        var producers = Producers.ToList();
        foreach (var other in others)
        {
            if (other.Environment != Environment) throw new ArgumentException("Streams of different environments cannot be united.");
            if (other.Partitioner is not null || Partitioner is not null) throw new ArgumentException("Union streams before choosing a partitioning.");
            producers.AddRange(other.Producers);
        }
        return new DataStream<T>(Environment, producers, null) { EventTime = EventTime && others.All(o => o.EventTime) };
    }

    /// <summary>Connects two streams of possibly different types for a co-process function.</summary>
    public ConnectedStreams<T, T2> Connect<T2>(DataStream<T2> other) => new(this, other);

    /// <summary>Distributes records round-robin over the downstream subtasks.</summary>
    public DataStream<T> Rebalance() => new(Environment, Producers, new RebalancePartitioner<T>()) { EventTime = EventTime };

    /// <summary>Sends every record to every downstream subtask.</summary>
    public DataStream<T> Broadcast() => new(Environment, Producers, new BroadcastPartitioner<T>()) { EventTime = EventTime };

    /// <summary>Sends every record to the first downstream subtask.</summary>
    public DataStream<T> Global() => new(Environment, Producers, new GlobalPartitioner<T>()) { EventTime = EventTime };

    /// <summary>Records of the side output <paramref name="tag"/> of the operator producing this stream.</summary>
    public DataStream<TSide> GetSideOutput<TSide>(OutputTag<TSide> tag) =>
        new(Environment, [(SingleNode, tag)], null) { EventTime = EventTime };

    /// <summary>Windows over the whole (non-keyed) stream, evaluated by a single subtask, as Flink's windowAll.</summary>
    public WindowedStream<T, byte, TWindow> WindowAll<TWindow>(WindowAssigner<TWindow> assigner) where TWindow : struct, IWindow =>
        new KeyedStream<T, byte>(this, new DelegateKeySelector<T, byte>(static _ => 0), ByteKeySerializer.Instance, singleSubtask: true).Window(assigner);

    /// <summary>Writes the stream to <paramref name="sink"/>.</summary>
    public DataStreamSink SinkTo(ISink<T> sink, string name = "Sink")
    {
        ArgumentNullException.ThrowIfNull(sink);
        var node = Environment.AddNode<T>(name, () => new SinkOperator<T>(sink), requiredParallelism: sink.RequiredParallelism);
        ConnectTo(node, 0);
        return new DataStreamSink(node);
    }

    /// <summary>Prints every record to standard output (prefixed with the subtask when parallel).</summary>
    public DataStreamSink Print(string? prefix = null) => SinkTo(new ConsoleSink<T>(prefix), "Print");

    /// <summary>Each subtask gets its own shallow copy of a function object, so fields (state handles) are per subtask, as in Flink.</summary>
    internal static TFunction Clone<TFunction>(TFunction function) where TFunction : class =>
        function is RichFunction rich ? (TFunction)(object)rich.CopyForSubtask() : function;
}

/// <summary>The end of a pipeline; lets the sink's operator be configured.</summary>
public sealed class DataStreamSink
{
    internal DataStreamSink(StreamNode node) => Node = node;

    internal StreamNode Node { get; }

    /// <summary>Sets the sink's parallelism.</summary>
    public DataStreamSink SetParallelism(int parallelism)
    {
        if (Node.RequiredParallelism is { } required && required != parallelism)
            throw new InvalidOperationException($"Sink '{Node.Name}' requires parallelism {required}.");
        Node.Parallelism = parallelism;
        return this;
    }

    /// <summary>Names the sink.</summary>
    public DataStreamSink Name(string name)
    {
        Node.Name = name;
        return this;
    }
}

internal sealed class ByteKeySerializer : KeySerializer<byte>
{
    public static readonly ByteKeySerializer Instance = new();
    public override void Write(byte key, System.Buffers.IBufferWriter<byte> writer)
    {
        writer.GetSpan(1)[0] = key;
        writer.Advance(1);
    }
}
