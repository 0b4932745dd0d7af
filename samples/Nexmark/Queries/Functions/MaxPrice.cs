using Compiled.Connectors.Nexmark;
using Compiled.Functions;

namespace Nexmark.Queries.Functions;

/// <summary><c>MAX(price)</c> of bids as an incremental window aggregate.</summary>
public sealed class MaxPrice : IAggregateFunction<Bid, long, long>
{
    /// <inheritdoc />
    public long CreateAccumulator() => long.MinValue;

    /// <inheritdoc />
    public long Add(in Bid value, long accumulator) => Math.Max(value.Price, accumulator);

    /// <inheritdoc />
    public long GetResult(long accumulator) => accumulator;

    /// <inheritdoc />
    public long Merge(long a, long b) => Math.Max(a, b);
}
