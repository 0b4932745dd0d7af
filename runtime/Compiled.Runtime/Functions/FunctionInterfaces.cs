namespace Compiled.Functions;

/// <summary>Transforms one record into one record. Implement on a struct for the fused path.</summary>
public interface IMapFunction<TIn, TOut>
{
    /// <summary>Maps <paramref name="value"/>.</summary>
    TOut Map(in TIn value);
}

/// <summary>Keeps the records for which <see cref="Filter"/> returns true.</summary>
public interface IFilterFunction<T>
{
    /// <summary>Whether <paramref name="value"/> passes.</summary>
    bool Filter(in T value);
}

/// <summary>Transforms one record into zero or more records.</summary>
public interface IFlatMapFunction<TIn, TOut>
{
    /// <summary>Emits the results for <paramref name="value"/> to <paramref name="output"/>.</summary>
    void FlatMap(in TIn value, ICollector<TOut> output);
}

/// <summary>Extracts the key of a record. Must be deterministic: the same record gives the same key in every process.</summary>
public interface IKeySelector<T, TKey>
{
    /// <summary>The key of <paramref name="value"/>.</summary>
    TKey GetKey(in T value);
}

/// <summary>Combines two values of the same type into one; must be associative.</summary>
public interface IReduceFunction<T>
{
    /// <summary>Combines <paramref name="accumulated"/> with <paramref name="value"/>.</summary>
    T Reduce(in T accumulated, in T value);
}

/// <summary>Incremental aggregation with an accumulator, as Flink's AggregateFunction.</summary>
public interface IAggregateFunction<TIn, TAcc, TOut>
{
    /// <summary>A new, empty accumulator.</summary>
    TAcc CreateAccumulator();

    /// <summary>Adds <paramref name="value"/> to <paramref name="accumulator"/> and returns the result (which may be the same object).</summary>
    TAcc Add(in TIn value, TAcc accumulator);

    /// <summary>The aggregation result of <paramref name="accumulator"/>.</summary>
    TOut GetResult(TAcc accumulator);

    /// <summary>Merges two accumulators (used by merging windows such as sessions).</summary>
    TAcc Merge(TAcc a, TAcc b);
}

/// <summary>Receives records emitted by a function.</summary>
public interface ICollector<T>
{
    /// <summary>Emits <paramref name="value"/>.</summary>
    void Collect(in T value);
}

/// <summary>
/// A fused sequence of maps and filters, as emitted by the build-time generator: returns false when a
/// filter drops the record, otherwise the final result. One call per record, inlined by the JIT.
/// </summary>
public interface IChainFunction<TIn, TOut>
{
    /// <summary>Runs the fused steps on <paramref name="value"/>; when a filter drops it, <paramref name="result"/> is left unwritten.</summary>
    bool Apply(in TIn value, out TOut result);

    /// <summary>
    /// Whether a step may drop records. The operator's batch loop is then shaped for the dropping path (moving input
    /// reference); a map-only chain keeps the indexed loop, which leaves more registers to the steps' calls.
    /// </summary>
    static virtual bool Filters => false;
}

/// <summary>
/// A fused sequence of maps, filters and flat-maps, as emitted by the build-time generator: pushes the zero or more
/// results of each record into the output collector. The user's collector calls bind to generated
/// structs, so they are inlined too.
/// </summary>
public interface IFlatChainFunction<TIn, TOut>
{
    /// <summary>Runs the fused steps on <paramref name="value"/>.</summary>
    void Apply(in TIn value, ChainCollector<TOut> output);
}
