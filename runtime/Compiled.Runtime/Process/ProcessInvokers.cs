using Compiled.Functions;

namespace Compiled.Process;

// The process operators are generic over a struct that calls the user's function, so the JIT specialises them per
// invoker. Interpreted mode uses the invokers below, which call through the abstract base class (one virtual call
// per record); a compiled [StreamJob] passes a generated struct holding the function typed as its own class, whose
// calls the JIT makes direct (and can inline) when that class is sealed.

/// <summary>Calls a <see cref="ProcessFunction{TIn,TOut}"/> for each record of a non-keyed stream.</summary>
public interface IProcessInvoker<TIn, TOut>
{
    /// <summary>The function instance of this subtask (opened and closed by the operator).</summary>
    ProcessFunction<TIn, TOut> Function { get; }

    /// <summary>Handles one record.</summary>
    void ProcessElement(in TIn value, ProcessContext context, ICollector<TOut> output);
}

/// <summary>Calls a <see cref="KeyedProcessFunction{TKey,TIn,TOut}"/> for each record and timer.</summary>
public interface IKeyedProcessInvoker<TKey, TIn, TOut>
{
    /// <summary>The function instance of this subtask (opened and closed by the operator).</summary>
    KeyedProcessFunction<TKey, TIn, TOut> Function { get; }

    /// <summary>Handles one record.</summary>
    void ProcessElement(in TIn value, KeyedContext<TKey> context, ICollector<TOut> output);

    /// <summary>Handles a timer of the current key.</summary>
    void OnTimer(long timestamp, TimerContext<TKey> context, ICollector<TOut> output);
}

/// <summary>Calls a <see cref="CoProcessFunction{TIn1,TIn2,TOut}"/> for each record of either input.</summary>
public interface ICoProcessInvoker<TIn1, TIn2, TOut>
{
    /// <summary>The function instance of this subtask (opened and closed by the operator).</summary>
    CoProcessFunction<TIn1, TIn2, TOut> Function { get; }

    /// <summary>Handles a record of the first input.</summary>
    void ProcessElement1(in TIn1 value, ProcessContext context, ICollector<TOut> output);

    /// <summary>Handles a record of the second input.</summary>
    void ProcessElement2(in TIn2 value, ProcessContext context, ICollector<TOut> output);
}

/// <summary>Calls a <see cref="KeyedCoProcessFunction{TKey,TIn1,TIn2,TOut}"/> for each record of either input and each timer.</summary>
public interface IKeyedCoProcessInvoker<TKey, TIn1, TIn2, TOut>
{
    /// <summary>The function instance of this subtask (opened and closed by the operator).</summary>
    KeyedCoProcessFunction<TKey, TIn1, TIn2, TOut> Function { get; }

    /// <summary>Handles a record of the first input.</summary>
    void ProcessElement1(in TIn1 value, KeyedContext<TKey> context, ICollector<TOut> output);

    /// <summary>Handles a record of the second input.</summary>
    void ProcessElement2(in TIn2 value, KeyedContext<TKey> context, ICollector<TOut> output);

    /// <summary>Handles a timer of the current key.</summary>
    void OnTimer(long timestamp, TimerContext<TKey> context, ICollector<TOut> output);
}

/// <summary>Interpreted mode: calls a process function through its base class (a virtual call per record).</summary>
public readonly struct ProcessFunctionInvoker<TIn, TOut>(ProcessFunction<TIn, TOut> function) : IProcessInvoker<TIn, TOut>
{
    /// <inheritdoc />
    public ProcessFunction<TIn, TOut> Function => function;

    /// <inheritdoc />
    public void ProcessElement(in TIn value, ProcessContext context, ICollector<TOut> output) => function.ProcessElement(value, context, output);
}

/// <summary>Interpreted mode: calls a keyed process function through its base class (a virtual call per record and timer).</summary>
public readonly struct KeyedProcessFunctionInvoker<TKey, TIn, TOut>(KeyedProcessFunction<TKey, TIn, TOut> function) : IKeyedProcessInvoker<TKey, TIn, TOut>
{
    /// <inheritdoc />
    public KeyedProcessFunction<TKey, TIn, TOut> Function => function;

    /// <inheritdoc />
    public void ProcessElement(in TIn value, KeyedContext<TKey> context, ICollector<TOut> output) => function.ProcessElement(value, context, output);

    /// <inheritdoc />
    public void OnTimer(long timestamp, TimerContext<TKey> context, ICollector<TOut> output) => function.OnTimer(timestamp, context, output);
}

/// <summary>Interpreted mode: calls a co-process function through its base class (a virtual call per record).</summary>
public readonly struct CoProcessFunctionInvoker<TIn1, TIn2, TOut>(CoProcessFunction<TIn1, TIn2, TOut> function) : ICoProcessInvoker<TIn1, TIn2, TOut>
{
    /// <inheritdoc />
    public CoProcessFunction<TIn1, TIn2, TOut> Function => function;

    /// <inheritdoc />
    public void ProcessElement1(in TIn1 value, ProcessContext context, ICollector<TOut> output) => function.ProcessElement1(value, context, output);

    /// <inheritdoc />
    public void ProcessElement2(in TIn2 value, ProcessContext context, ICollector<TOut> output) => function.ProcessElement2(value, context, output);
}

/// <summary>Interpreted mode: calls a keyed co-process function through its base class (a virtual call per record and timer).</summary>
public readonly struct KeyedCoProcessFunctionInvoker<TKey, TIn1, TIn2, TOut>(KeyedCoProcessFunction<TKey, TIn1, TIn2, TOut> function)
    : IKeyedCoProcessInvoker<TKey, TIn1, TIn2, TOut>
{
    /// <inheritdoc />
    public KeyedCoProcessFunction<TKey, TIn1, TIn2, TOut> Function => function;

    /// <inheritdoc />
    public void ProcessElement1(in TIn1 value, KeyedContext<TKey> context, ICollector<TOut> output) => function.ProcessElement1(value, context, output);

    /// <inheritdoc />
    public void ProcessElement2(in TIn2 value, KeyedContext<TKey> context, ICollector<TOut> output) => function.ProcessElement2(value, context, output);

    /// <inheritdoc />
    public void OnTimer(long timestamp, TimerContext<TKey> context, ICollector<TOut> output) => function.OnTimer(timestamp, context, output);
}
