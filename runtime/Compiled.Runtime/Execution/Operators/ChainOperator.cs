using Compiled.Functions;

namespace Compiled.Execution.Operators;

/// <summary>Runs a generated, fused map/filter sequence: one operator and one inlined call per record instead of one operator per step.</summary>
public sealed class ChainOperator<TIn, TOut, TFn>(TFn function) : OneInputOperator<TIn, TOut> where TFn : IChainFunction<TIn, TOut>
{
    private TFn _function = function;

    /// <inheritdoc />
    public override void ProcessElement(in TIn value, long timestamp)
    {
        if (_function.Apply(value, out var result)) Output.Collect(result, timestamp);
    }
}
