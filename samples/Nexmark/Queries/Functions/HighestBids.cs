using Compiled;
using Compiled.Connectors.Nexmark;
using Compiled.Functions;

namespace Nexmark.Queries.Functions;

/// <summary>A bid at the highest price of its window, with what q7 outputs of it besides the price (the top's <see cref="TopBids.Max"/>).</summary>
/// <param name="Auction">Auction id.</param>
/// <param name="Bidder">Bidder id.</param>
/// <param name="DateTime">Event time, epoch milliseconds.</param>
/// <param name="Extra">Padding.</param>
[StreamRecord]
public readonly partial record struct TopBid(long Auction, long Bidder, long DateTime, string Extra)
{
    /// <summary>The parts of <paramref name="bid"/> a top keeps.</summary>
    public static TopBid Of(in Bid bid) => new(bid.Auction, bid.Bidder, bid.DateTime, bid.Extra);
}

/// <summary>
/// The highest price seen and the bids at that price, in arrival order: the first two inline, further ones in a list,
/// so only a tie of three or more bids allocates.
/// </summary>
/// <param name="Count">Bids at <paramref name="Max"/>; 0 when none was added.</param>
/// <param name="Max">Highest price.</param>
/// <param name="FirstBid">The first bid at <paramref name="Max"/>.</param>
/// <param name="SecondBid">The second bid at <paramref name="Max"/>, when <paramref name="Count"/> is 2 or more.</param>
/// <param name="MoreBids">The bids after the second, or null.</param>
[StreamRecord]
public readonly partial record struct TopBids(int Count, long Max, TopBid FirstBid, TopBid SecondBid, List<TopBid>? MoreBids)
{
    /// <summary>Whether any bid was added.</summary>
    public bool HasValue => Count > 0;

    /// <summary>Bid <paramref name="index"/> (below <see cref="Count"/>) at the highest price, in arrival order.</summary>
    public TopBid At(int index) => index switch
    {
        0 => FirstBid,
        1 => SecondBid,
        _ => MoreBids![index - 2],
    };

    /// <summary>Adds <paramref name="bid"/>: a higher price replaces the top, an equal one joins it.</summary>
    public TopBids With(in Bid bid)
    {
        if (Count == 0 || bid.Price > Max) return new TopBids(1, bid.Price, TopBid.Of(bid), default, null);
        if (bid.Price < Max) return this;
        // The tie written out rather than through Tie: a call taking this on the per-bid path made adding a bid ~20% slower.
        if (Count == 1) return this with { Count = 2, SecondBid = TopBid.Of(bid) };
        var more = MoreBids ?? [];
        more.Add(TopBid.Of(bid));
        return this with { Count = Count + 1, MoreBids = more };
    }

    /// <summary>The top of both.</summary>
    public TopBids Merge(in TopBids other)
    {
        if (other.Count == 0 || (Count > 0 && other.Max < Max)) return this;
        var merged = Count == 0 || other.Max > Max ? new TopBids(1, other.Max, other.FirstBid, default, null) : Tie(other.FirstBid);
        for (int i = 1; i < other.Count; i++) merged = merged.Tie(other.At(i));
        return merged;
    }

    private TopBids Tie(in TopBid bid)
    {
        if (Count == 1) return this with { Count = 2, SecondBid = bid };
        var more = MoreBids ?? [];
        more.Add(bid);
        return this with { Count = Count + 1, MoreBids = more };
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
    public TopBids Merge(TopBids a, TopBids b) => a.Merge(b);

    /// <inheritdoc />
    public TopBids GetResult(TopBids accumulator) => accumulator;
}
