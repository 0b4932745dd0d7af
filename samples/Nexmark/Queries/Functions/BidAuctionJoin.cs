using Compiled;
using Compiled.Connectors.Nexmark;
using Compiled.Functions;
using Compiled.Process;
using Compiled.State;
using Nexmark.Rows;

namespace Nexmark.Queries.Functions;

/// <summary>
/// q20's inner join of bids (first input) and auctions (second input) on <c>bid.auction = auction.id</c>, keyed by the
/// auction id. A regular join, as in SQL without state TTL: both sides stay in keyed state, and each arriving record is
/// joined with everything already seen on the other side, so every matching pair is emitted exactly once, whichever
/// side arrives first.
/// </summary>
public sealed partial class BidAuctionJoin : KeyedCoProcessFunction<long, Bid, Auction, Q20Row>
{
    [State] ListState<Bid> _bids = null!;
    [State] ListState<Auction> _auctions = null!;

    /// <inheritdoc />
    public override void ProcessElement1(in Bid bid, KeyedContext<long> context, ICollector<Q20Row> output)
    {
        foreach (var auction in _auctions.Get()) output.Collect(new Q20Row(bid, auction));
        _bids.Add(bid);
    }

    /// <inheritdoc />
    public override void ProcessElement2(in Auction auction, KeyedContext<long> context, ICollector<Q20Row> output)
    {
        foreach (var bid in _bids.Get()) output.Collect(new Q20Row(bid, auction));
        _auctions.Add(auction);
    }
}
