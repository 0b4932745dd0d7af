namespace Compiled.Functions;

// Interpreted mode: the same generic operators, instantiated with structs that wrap delegates.
// The build-time generator emits structs with the lambda bodies inlined instead.

/// <summary>Adapts a delegate to <see cref="IMapFunction{TIn,TOut}"/>.</summary>
public readonly struct DelegateMap<TIn, TOut>(Func<TIn, TOut> map) : IMapFunction<TIn, TOut>
{
    /// <inheritdoc />
    public TOut Map(in TIn value) => map(value);
}

/// <summary>Adapts a delegate to <see cref="IFilterFunction{T}"/>.</summary>
public readonly struct DelegateFilter<T>(Func<T, bool> filter) : IFilterFunction<T>
{
    /// <inheritdoc />
    public bool Filter(in T value) => filter(value);
}

/// <summary>Adapts a delegate to <see cref="IFlatMapFunction{TIn,TOut}"/>.</summary>
public readonly struct DelegateFlatMap<TIn, TOut>(Action<TIn, ICollector<TOut>> flatMap) : IFlatMapFunction<TIn, TOut>
{
    /// <inheritdoc />
    public void FlatMap(in TIn value, ICollector<TOut> output) => flatMap(value, output);
}

/// <summary>Adapts a delegate to <see cref="IKeySelector{T,TKey}"/>.</summary>
public readonly struct DelegateKeySelector<T, TKey>(Func<T, TKey> selector) : IKeySelector<T, TKey>
{
    /// <inheritdoc />
    public TKey GetKey(in T value) => selector(value);
}

/// <summary>Adapts a delegate to <see cref="IReduceFunction{T}"/>.</summary>
public readonly struct DelegateReduce<T>(Func<T, T, T> reduce) : IReduceFunction<T>
{
    /// <inheritdoc />
    public T Reduce(in T accumulated, in T value) => reduce(accumulated, value);
}
