using Compiled.Functions;

namespace Compiled.Execution.Operators;

/// <summary>
/// Runs a generated, fused map/filter sequence: one operator instead of one per step. A batch is one tight loop
/// that writes each result straight into the slots the output reserved (the next exchange batch when it feeds
/// one channel), so no call per record leaves the loop.
/// </summary>
public sealed class ChainOperator<TIn, TOut, TFn>(TFn function) : OneInputOperator<TIn, TOut> where TFn : IChainFunction<TIn, TOut>
{
    private TFn _function = function;

    /// <inheritdoc />
    public override void ProcessElement(in TIn value, long timestamp)
    {
        if (_function.Apply(value, out var result)) Output.Collect(result, timestamp);
    }

    /// <inheritdoc />
    public override void ProcessBatch(ReadOnlySpan<TIn> values, ReadOnlySpan<long> timestamps)
    {
        var output = Output;
        int i = 0;
        while (i < values.Length)
        {
            var space = output.Reserve();
            var results = space.Values;
            var resultTimes = space.Timestamps;
            int end = Math.Min(values.Length, i + results.Length), written = 0;
            for (; i < end; i++)
            {
                if (_function.Apply(values[i], out results[written])) resultTimes[written++] = timestamps[i];
            }
            output.Commit(written);
        }
    }
}
