using Compiled;
using Compiled.Api;
using Compiled.Connectors.Nexmark;
using Compiled.Windowing;
using Nexmark.Queries.Functions;
using Nexmark.Rows;

namespace Nexmark.Queries;

/// <summary>
/// Nexmark q7, highest bid: the bids whose price equals the maximum price of a 10 s tumbling window, with
/// <c>B.dateTime BETWEEN window_end - 10 s AND window_end</c> (inclusive at both ends, so a bid exactly at a
/// window's end is also checked against that window's maximum). The SQL's INSERT is positional:
/// <c>SELECT B.auction, B.price, B.bidder, …</c> fills the sink's <c>bidder</c> column with the price and its
/// <c>price</c> column with the bidder, and so does this job.
/// </summary>
/// <remarks>
/// The window maximum is computed in two phases: per auction in parallel, then over all auctions in one subtask
/// (<c>WindowAll</c>), which then sees one value per auction instead of every bid. The bids are joined with the
/// maxima by price in <see cref="MaxPriceBidJoin"/>.
/// </remarks>
[StreamJob]
public static partial class Q7
{
    /// <summary>Window size.</summary>
    public static readonly TimeSpan Size = TimeSpan.FromSeconds(10);

    /// <summary>The highest bids of every window.</summary>
    public static DataStream<BidRow> Build(DataStream<Bid> bids)
    {
        var maxima = bids
            .KeyBy(static b => b.Auction)
            .Window(TumblingEventTimeWindows.Of(Size))
            .Aggregate(new MaxPrice(), "q7: max price per auction")
            .WindowAll(TumblingEventTimeWindows.Of(Size))
            .Reduce(Math.Max, new WindowMaxPrice(), "q7: max price");
        return bids.Connect(maxima)
            .KeyBy(static b => b.Price, static m => m.MaxPrice)
            .Process(new MaxPriceBidJoin((long)Size.TotalMilliseconds), "q7: bids at max price");
    }
}
