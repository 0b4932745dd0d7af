using System.ComponentModel;
using Compiled.Execution.Operators;
using Compiled.Functions;
using Compiled.Process;
using Compiled.Serialization;

namespace Compiled.Api;

/// <summary>Two streams processed together by a co-process function.</summary>
public sealed class ConnectedStreams<T1, T2>
{
    internal ConnectedStreams(DataStream<T1> first, DataStream<T2> second)
    {
        if (first.Environment != second.Environment) throw new ArgumentException("Streams of different environments cannot be connected.");
        First = first;
        Second = second;
    }

    internal DataStream<T1> First { get; }
    internal DataStream<T2> Second { get; }

    /// <summary>The environment of the connected streams (generated code reads its configuration).</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public StreamEnvironment Environment => First.Environment;

    /// <summary>Processes both inputs with <paramref name="function"/>.</summary>
    public DataStream<TOut> Process<TOut>(CoProcessFunction<T1, T2, TOut> function, string name = "CoProcess") =>
        Process(function, static f => new CoProcessFunctionInvoker<T1, T2, TOut>(f), name);

    /// <summary>Generated code: processes both inputs through an invoker struct that calls the function as its own class (no call through the base).</summary>
    /// <typeparam name="TOut">The function's output.</typeparam>
    /// <typeparam name="TFn">The invoker struct.</typeparam>
    /// <param name="function">The function; each subtask gets its own copy.</param>
    /// <param name="invoker">Wraps a subtask's copy of the function.</param>
    /// <param name="name">The operator's name.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public DataStream<TOut> Process<TOut, TFn>(CoProcessFunction<T1, T2, TOut> function, Func<CoProcessFunction<T1, T2, TOut>, TFn> invoker, string name)
        where TFn : struct, ICoProcessInvoker<T1, T2, TOut>
    {
        var node = First.Environment.AddNode(name, () => new CoProcessOperator<T1, T2, TOut, TFn>(invoker(DataStream<T1>.Clone(function))));
        First.ConnectTo(node, 0);
        Second.ConnectTo(node, 1);
        return new DataStream<TOut>(First.Environment, [(node, null)], null) { EventTime = First.EventTime && Second.EventTime };
    }

    /// <summary>Partitions both inputs by keys of the same type, so records with equal keys meet in one subtask.</summary>
    public KeyedConnectedStreams<T1, T2, TKey> KeyBy<TKey>(Func<T1, TKey> firstKey, Func<T2, TKey> secondKey) where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(firstKey);
        ArgumentNullException.ThrowIfNull(secondKey);
        return new(this, new DelegateKeySelector<T1, TKey>(firstKey), new DelegateKeySelector<T2, TKey>(secondKey), KeySerializers.Get<TKey>());
    }

    /// <summary>Generated code: partitions both inputs by key with key-selector structs (no delegate call per record).</summary>
    /// <typeparam name="TKey">The key both inputs are partitioned by.</typeparam>
    /// <typeparam name="TFirstKey">The first input's key-selector struct.</typeparam>
    /// <typeparam name="TSecondKey">The second input's key-selector struct.</typeparam>
    /// <param name="firstKey">The first input's selector (generated structs are stateless: <c>default</c>).</param>
    /// <param name="secondKey">The second input's selector.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public KeyedConnectedStreams<T1, T2, TKey> KeyBy<TKey, TFirstKey, TSecondKey>(TFirstKey firstKey, TSecondKey secondKey)
        where TKey : notnull where TFirstKey : struct, IKeySelector<T1, TKey> where TSecondKey : struct, IKeySelector<T2, TKey> =>
        new(this, firstKey, secondKey, KeySerializers.Get<TKey>());
}

/// <summary>Two streams keyed by the same key type.</summary>
public sealed class KeyedConnectedStreams<T1, T2, TKey> where TKey : notnull
{
    private readonly ConnectedStreams<T1, T2> _streams;
    private readonly KeyedStream<T1, TKey> _first;
    private readonly KeyedStream<T2, TKey> _second;

    internal KeyedConnectedStreams(ConnectedStreams<T1, T2> streams, IKeySelector<T1, TKey> firstKey, IKeySelector<T2, TKey> secondKey, KeySerializer<TKey> serializer)
    {
        _streams = streams;
        _first = new KeyedStream<T1, TKey>(streams.First, firstKey, serializer);
        _second = new KeyedStream<T2, TKey>(streams.Second, secondKey, serializer);
    }

    /// <summary>The environment of the connected streams (generated code reads its configuration).</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public StreamEnvironment Environment => _streams.Environment;

    /// <summary>Processes both inputs with a keyed co-process function (shared keyed state and timers).</summary>
    public DataStream<TOut> Process<TOut>(KeyedCoProcessFunction<TKey, T1, T2, TOut> function, string name = "KeyedCoProcess") =>
        Process(function, static f => new KeyedCoProcessFunctionInvoker<TKey, T1, T2, TOut>(f), name);

    /// <summary>Generated code: processes both inputs through an invoker struct that calls the function as its own class (no call through the base).</summary>
    /// <typeparam name="TOut">The function's output.</typeparam>
    /// <typeparam name="TFn">The invoker struct.</typeparam>
    /// <param name="function">The function; each subtask gets its own copy.</param>
    /// <param name="invoker">Wraps a subtask's copy of the function.</param>
    /// <param name="name">The operator's name.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public DataStream<TOut> Process<TOut, TFn>(KeyedCoProcessFunction<TKey, T1, T2, TOut> function, Func<KeyedCoProcessFunction<TKey, T1, T2, TOut>, TFn> invoker,
        string name) where TFn : struct, IKeyedCoProcessInvoker<TKey, T1, T2, TOut>
    {
        var env = _streams.First.Environment;
        var (k1, k2, serializer) = (_first.KeySelector, _second.KeySelector, _first.KeySerializer);
        var node = env.AddNode(name, () => new KeyedCoProcessOperator<TKey, T1, T2, TOut, TFn>(invoker(DataStream<T1>.Clone(function)), k1, k2, serializer));
        _streams.First.ConnectTo(node, 0, _first.CreatePartitioner());
        _streams.Second.ConnectTo(node, 1, _second.CreatePartitioner());
        return new DataStream<TOut>(env, [(node, null)], null) { EventTime = _streams.First.EventTime && _streams.Second.EventTime };
    }
}
