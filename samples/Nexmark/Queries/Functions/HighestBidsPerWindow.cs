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
/// <remarks>
/// The boundary bids' list of a fired window is kept and refilled for the next window, so a window costs no
/// allocation; value state hands out a list nothing else holds (see <see cref="HottestAuctions"/>).
/// </remarks>
public sealed partial class HighestBidsPerWindow : KeyedCoProcessFunction<long, WindowTop, Bid, BidRow>
{
    [State] ValueState<TopBids> _top = null!;
    [State] ValueState<BoundaryBids> _boundaryBids = null!;
    private List<Bid>? _spare; // per subtask: only ever set from state while running

    /// <inheritdoc />
    public override void Open() => _spare = null;

    /// <inheritdoc />
    public override void ProcessElement1(in WindowTop top, KeyedContext<long> context, ICollector<BidRow> output)
    {
        _top.Update(_top.Value.Merge(top.Top));
        context.TimerService.RegisterEventTimeTimer(top.WindowEnd);
    }

    /// <inheritdoc />
    public override void ProcessElement2(in Bid bid, KeyedContext<long> context, ICollector<BidRow> output)
    {
        var bids = _boundaryBids.Value.Bids;
        if (bids is null)
        {
            bids = _spare ?? [];
            _spare = null;
        }
        bids.Add(bid);
        _boundaryBids.Update(new BoundaryBids(bids));
        context.TimerService.RegisterEventTimeTimer(bid.DateTime);
    }

    /// <inheritdoc />
    public override void OnTimer(long timestamp, TimerContext<long> context, ICollector<BidRow> output)
    {
        var top = _top.Value;
        var boundary = _boundaryBids.Value.Bids;
        if (top.HasValue)
        {
            for (int i = 0; i < top.Count; i++) output.Collect(ToRow(top.At(i), top.Max));
            if (boundary is not null)
            {
                foreach (var bid in boundary)
                {
                    if (bid.Price == top.Max) output.Collect(ToRow(bid));
                }
            }
        }
        _top.Clear();
        _boundaryBids.Clear();
        if (boundary is not null)
        {
            boundary.Clear();
            _spare = boundary;
        }
    }

    /// <summary>The positional INSERT: the bid's price goes to column <c>bidder</c>, its bidder to column <c>price</c>.</summary>
    private static BidRow ToRow(in Bid bid) => new(bid.Auction, Bidder: bid.Price, Price: bid.Bidder, bid.DateTime, bid.Extra);

    /// <summary>The same for a bid at the window's top <paramref name="price"/>.</summary>
    private static BidRow ToRow(in TopBid bid, long price) => new(bid.Auction, Bidder: price, Price: bid.Bidder, bid.DateTime, bid.Extra);
}
