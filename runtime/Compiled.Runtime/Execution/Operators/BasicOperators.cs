using Compiled.Functions;

namespace Compiled.Execution.Operators;

/// <summary>Applies a map function. Generic over the function struct so the JIT inlines it.</summary>
public sealed class MapOperator<TIn, TOut, TFn>(TFn function) : OneInputOperator<TIn, TOut> where TFn : IMapFunction<TIn, TOut>
{
    private TFn _function = function;

    /// <inheritdoc />
    public override void ProcessElement(in TIn value, long timestamp) => Output.Collect(_function.Map(value), timestamp);
}

/// <summary>Applies a filter function.</summary>
public sealed class FilterOperator<T, TFn>(TFn function) : OneInputOperator<T, T> where TFn : IFilterFunction<T>
{
    private TFn _function = function;

    /// <inheritdoc />
    public override void ProcessElement(in T value, long timestamp)
    {
        if (_function.Filter(value)) Output.Collect(value, timestamp);
    }
}

/// <summary>Applies a flat-map function.</summary>
public sealed class FlatMapOperator<TIn, TOut, TFn>(TFn function) : OneInputOperator<TIn, TOut> where TFn : IFlatMapFunction<TIn, TOut>
{
    private TFn _function = function;
    private TimestampedCollector<TOut>? _collector;

    /// <inheritdoc />
    public override void Open() => _collector = new TimestampedCollector<TOut>(Output);

    /// <inheritdoc />
    public override void ProcessElement(in TIn value, long timestamp)
    {
        _collector!.Timestamp = timestamp;
        _function.FlatMap(value, _collector);
    }
}
