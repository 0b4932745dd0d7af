using Compiled;
using Compiled.Connectors.Nexmark;
using Compiled.Functions;

namespace Nexmark.Queries.Functions;

/// <summary>The highest price seen and the bids at that price (usually one; ties are kept in a list).</summary>
/// <param name="HasValue">Whether any bid was added.</param>
/// <param name="Max">Highest price.</param>
/// <param name="First">The first bid at <paramref name="Max"/>.</param>
/// <param name="Ties">Further bids at <paramref name="Max"/>, or null.</param>
[StreamRecord]
public readonly partial record struct TopBids(bool HasValue, long Max, Bid First, List<Bid>? Ties)
{
    /// <summary>Adds <paramref name="bid"/>: a higher price replaces the top, an equal one joins it.</summary>
    public TopBids With(in Bid bid)
    {
        if (!HasValue || bid.Price > Max) return new TopBids(true, bid.Price, bid, null);
        if (bid.Price < Max) return this;
        var ties = Ties ?? [];
        ties.Add(bid);
        return this with { Ties = ties };
    }

    /// <summary>The top of both.</summary>
    public TopBids Merge(TopBids other)
    {
        if (!other.HasValue) return this;
        var merged = With(other.First);
        if (other.Ties is { } ties) foreach (var bid in ties) merged = merged.With(bid);
        return merged;
    }

    /// <summary>The bids at the highest price.</summary>
    public IEnumerable<Bid> Bids()
    {
        if (!HasValue) yield break;
        yield return First;
        if (Ties is { } ties) foreach (var bid in ties) yield return bid;
    }
}

/// <summary>Window aggregate of q7's first phase: the highest bids of an auction in a window, in a struct accumulator (no allocation per bid).</summary>
public sealed class HighestBids : IAggregateFunction<Bid, TopBids, TopBids>
{
    /// <inheritdoc />
    public TopBids CreateAccumulator() => default;

    /// <inheritdoc />
    public TopBids Add(in Bid value, TopBids accumulator) => accumulator.With(value);

    /// <inheritdoc />
    public TopBids GetResult(TopBids accumulator) => accumulator;

    /// <inheritdoc />
    public TopBids Merge(TopBids a, TopBids b) => a.Merge(b);
}
