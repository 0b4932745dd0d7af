using Compiled.Functions;

namespace Compiled.Execution.Operators;

/// <summary>
/// Runs a generated, fused sequence with flat-maps: the steps push their results into a <see cref="ChainCollector{T}"/>
/// that writes them into the slots the output reserved, so a batch is one loop with no call per record leaving it.
/// </summary>
public sealed class FlatChainOperator<TIn, TOut, TFn>(TFn function) : OneInputOperator<TIn, TOut> where TFn : IFlatChainFunction<TIn, TOut>
{
    private TFn _function = function;
    private ChainCollector<TOut>? _collector;

    /// <inheritdoc />
    public override void Open()
    {
        var output = Output;
        _collector = new ChainCollector<TOut>(() =>
        {
            var space = output.Reserve();
            return (space.ValueArray, space.TimestampArray, space.Start, space.Length);
        }, output.Commit);
    }

    /// <inheritdoc />
    public override void ProcessElement(in TIn value, long timestamp)
    {
        var collector = _collector!;
        collector.Timestamp = timestamp;
        _function.Apply(value, collector);
        collector.Flush();
    }

    /// <inheritdoc />
    public override void ProcessBatch(ReadOnlySpan<TIn> values, ReadOnlySpan<long> timestamps)
    {
        var collector = _collector!;
        for (int i = 0; i < values.Length; i++)
        {
            collector.Timestamp = timestamps[i];
            _function.Apply(values[i], collector);
        }
        collector.Flush();
    }
}
