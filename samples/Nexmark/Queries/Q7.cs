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
/// Two phases (a local-global aggregation), with state per window rather than per bid: first, per bucket of auctions
/// (<c>auction mod 1024</c>) and tumbling window, the highest bids (a struct accumulator); then, keyed by window end,
/// the buckets' tops are merged and joined with the bids that lie exactly on the window's end, which SQL's inclusive
/// BETWEEN also matches against that window's maximum. Buckets rather than auctions bound the first phase's state and
/// timers by 1024 per open window whatever the number of auctions, and still spread the work over the subtasks.
/// </remarks>
[StreamJob]
public static partial class Q7
{
    /// <summary>Window size.</summary>
    public static readonly TimeSpan Size = TimeSpan.FromSeconds(10);

    private const long SizeMillis = 10_000;

    /// <summary>Number of auction buckets of the first phase.</summary>
    public const long Buckets = 1024;

    /// <summary>The highest bids of every window.</summary>
    public static DataStream<BidRow> Build(DataStream<Bid> bids)
    {
        var tops = bids
            .KeyBy(static b => b.Auction % Buckets)
            .Window(TumblingEventTimeWindows.Of(Size))
            .Aggregate(new HighestBids(), new WindowTopOf(), "q7: highest bids per auction bucket");
        var boundary = bids.Filter(static b => b.DateTime % SizeMillis == 0, "q7: bids on a window boundary");
        return tops.Connect(boundary)
            .KeyBy(static t => t.WindowEnd, static b => b.DateTime)
            .Process(new HighestBidsPerWindow(), "q7: highest bids");
    }
}
