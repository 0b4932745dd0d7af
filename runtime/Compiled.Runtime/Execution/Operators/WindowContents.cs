using Compiled.Functions;
using Compiled.State.Snapshots;
using Compiled.Windowing;

namespace Compiled.Execution.Operators;

/// <summary>How a window accumulates its records: incrementally (reduce, aggregate) or as a list (full-window functions).</summary>
public abstract class WindowContents<TIn, TAcc, TResult>
{
    /// <summary>The accumulator of a window holding only <paramref name="first"/>.</summary>
    public abstract TAcc Create(in TIn first);

    /// <summary>Adds a record to an accumulator.</summary>
    public abstract TAcc Add(in TIn value, TAcc accumulator);

    /// <summary>Merges two accumulators (merging windows).</summary>
    public abstract TAcc Merge(TAcc a, TAcc b);

    /// <summary>What the window function receives.</summary>
    public abstract TResult Result(TAcc accumulator);

    /// <summary>How checkpoints write accumulators (and copy them while a heap snapshot shares them).</summary>
    public virtual StateSerializer<TAcc> Serializer(string stateName) => StateSerializers.Get<TAcc>(stateName);
}

/// <summary>Incremental reduce: the accumulator is the reduced record.</summary>
public sealed class ReduceContents<T, TFn>(TFn reduce) : WindowContents<T, T, T> where TFn : IReduceFunction<T>
{
    private TFn _reduce = reduce;

    /// <inheritdoc />
    public override T Create(in T first) => first;

    /// <inheritdoc />
    public override T Add(in T value, T accumulator) => _reduce.Reduce(accumulator, value);

    /// <inheritdoc />
    public override T Merge(T a, T b) => _reduce.Reduce(a, b);

    /// <inheritdoc />
    public override T Result(T accumulator) => accumulator;
}

/// <summary>Incremental aggregation with an <see cref="IAggregateFunction{TIn,TAcc,TOut}"/>.</summary>
public sealed class AggregateContents<TIn, TAcc, TOut>(IAggregateFunction<TIn, TAcc, TOut> aggregate) : WindowContents<TIn, TAcc, TOut>
{
    /// <inheritdoc />
    public override TAcc Create(in TIn first) => aggregate.Add(first, aggregate.CreateAccumulator());

    /// <inheritdoc />
    public override TAcc Add(in TIn value, TAcc accumulator) => aggregate.Add(value, accumulator);

    /// <inheritdoc />
    public override TAcc Merge(TAcc a, TAcc b) => aggregate.Merge(a, b);

    /// <inheritdoc />
    public override TOut Result(TAcc accumulator) => aggregate.GetResult(accumulator);
}

/// <summary>
/// Incremental aggregation with an aggregate function struct (generated code wraps the user's aggregate in one, so
/// its methods are called directly and inlined instead of through the interface).
/// </summary>
public sealed class AggregateContents<TIn, TAcc, TOut, TFn>(TFn aggregate) : WindowContents<TIn, TAcc, TOut> where TFn : struct, IAggregateFunction<TIn, TAcc, TOut>
{
    private TFn _aggregate = aggregate;

    /// <inheritdoc />
    public override TAcc Create(in TIn first) => _aggregate.Add(first, _aggregate.CreateAccumulator());

    /// <inheritdoc />
    public override TAcc Add(in TIn value, TAcc accumulator) => _aggregate.Add(value, accumulator);

    /// <inheritdoc />
    public override TAcc Merge(TAcc a, TAcc b) => _aggregate.Merge(a, b);

    /// <inheritdoc />
    public override TOut Result(TAcc accumulator) => _aggregate.GetResult(accumulator);
}

/// <summary>All records of the window, for full-window process functions.</summary>
public sealed class ListContents<T> : WindowContents<T, List<T>, IReadOnlyList<T>>
{
    /// <inheritdoc />
    public override List<T> Create(in T first) => [first];

    /// <inheritdoc />
    public override List<T> Add(in T value, List<T> accumulator)
    {
        accumulator.Add(value);
        return accumulator;
    }

    /// <inheritdoc />
    public override List<T> Merge(List<T> a, List<T> b)
    {
        a.AddRange(b);
        return a;
    }

    /// <inheritdoc />
    public override IReadOnlyList<T> Result(List<T> accumulator) => accumulator;

    /// <inheritdoc />
    public override StateSerializer<List<T>> Serializer(string stateName) => new ListStateSerializer<T>(StateSerializers.Get<T>(stateName));
}

/// <summary>Turns a window's result into output records.</summary>
public abstract class InternalWindowFunction<TResult, TOut, TKey, TWindow> where TWindow : struct, IWindow
{
    /// <summary>The user's function to open and close with the operator, if any.</summary>
    public virtual Compiled.Process.RichFunction? UserFunction => null;

    /// <summary>Emits the output of one window evaluation.</summary>
    public abstract void Process(TKey key, TResult result, WindowContext<TWindow> context, ICollector<TOut> output);
}

/// <summary>Emits the incremental result itself.</summary>
public sealed class PassThroughWindowFunction<T, TKey, TWindow> : InternalWindowFunction<T, T, TKey, TWindow> where TWindow : struct, IWindow
{
    /// <inheritdoc />
    public override void Process(TKey key, T result, WindowContext<TWindow> context, ICollector<T> output) => output.Collect(result);
}

/// <summary>Hands the single pre-aggregated value to a process window function.</summary>
public sealed class SingleValueWindowFunction<T, TOut, TKey, TWindow>(ProcessWindowFunction<T, TOut, TKey, TWindow> function)
    : InternalWindowFunction<T, TOut, TKey, TWindow> where TWindow : struct, IWindow
{
    private readonly T[] _single = new T[1];

    /// <inheritdoc />
    public override Compiled.Process.RichFunction? UserFunction => function;

    /// <inheritdoc />
    public override void Process(TKey key, T result, WindowContext<TWindow> context, ICollector<TOut> output)
    {
        _single[0] = result;
        function.Process(key, context, _single, output);
        _single[0] = default!;
    }
}

/// <summary>Hands all records of the window to a process window function.</summary>
public sealed class ListWindowFunction<T, TOut, TKey, TWindow>(ProcessWindowFunction<T, TOut, TKey, TWindow> function)
    : InternalWindowFunction<IReadOnlyList<T>, TOut, TKey, TWindow> where TWindow : struct, IWindow
{
    /// <inheritdoc />
    public override Compiled.Process.RichFunction? UserFunction => function;

    /// <inheritdoc />
    public override void Process(TKey key, IReadOnlyList<T> result, WindowContext<TWindow> context, ICollector<TOut> output) =>
        function.Process(key, context, result, output);
}
