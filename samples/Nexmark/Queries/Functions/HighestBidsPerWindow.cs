using Compiled;
using Compiled.Connectors.Nexmark;
using Compiled.Functions;
using Compiled.Process;
using Compiled.State;
using Nexmark.Rows;

namespace Nexmark.Queries.Functions;

/// <summary>
/// q7's second phase, keyed by window end: merges the auctions' highest bids into the window's, collects the bids
/// that lie exactly on the window's end (SQL's BETWEEN includes them), and when the watermark reaches the end —
/// so every per-auction result and every boundary bid has arrived — emits the bids at the window's maximum price.
/// </summary>
public sealed partial class HighestBidsPerWindow : KeyedCoProcessFunction<long, WindowTop, Bid, BidRow>
{
    [State] ValueState<TopBids> _top = null!;
    [State] ListState<Bid> _boundary = null!;

    /// <inheritdoc />
    public override void ProcessElement1(in WindowTop top, KeyedContext<long> context, ICollector<BidRow> output)
    {
        _top.Update(_top.Value.Merge(top.Top));
        context.TimerService.RegisterEventTimeTimer(top.WindowEnd);
    }

    /// <inheritdoc />
    public override void ProcessElement2(in Bid bid, KeyedContext<long> context, ICollector<BidRow> output)
    {
        _boundary.Add(bid);
        context.TimerService.RegisterEventTimeTimer(bid.DateTime);
    }

    /// <inheritdoc />
    public override void OnTimer(long timestamp, TimerContext<long> context, ICollector<BidRow> output)
    {
        var top = _top.Value;
        if (top.HasValue)
        {
            foreach (var bid in top.Bids()) output.Collect(ToRow(bid));
            foreach (var bid in _boundary.Get())
            {
                if (bid.Price == top.Max) output.Collect(ToRow(bid));
            }
        }
        _top.Clear();
        _boundary.Clear();
    }

    /// <summary>The positional INSERT: the bid's price goes to column <c>bidder</c>, its bidder to column <c>price</c>.</summary>
    private static BidRow ToRow(in Bid bid) => new(bid.Auction, Bidder: bid.Price, Price: bid.Bidder, bid.DateTime, bid.Extra);
}
