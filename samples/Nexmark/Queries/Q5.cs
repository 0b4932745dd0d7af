using Compiled;
using Compiled.Api;
using Compiled.Connectors.Nexmark;
using Compiled.Windowing;
using Nexmark.Queries.Functions;
using Nexmark.Rows;

namespace Nexmark.Queries;

/// <summary>
/// Nexmark q5, hot items: per HOP window (size 10 s, slide 2 s) the auctions with the most bids, all ties included
/// (<c>AuctionBids JOIN MaxBids ON same window AND num &gt;= maxn</c>).
/// </summary>
/// <remarks>
/// Two stages. First, bids are counted per auction and sliding window (keyed by auction, so it scales out).
/// Second, the counts are re-partitioned by window and <see cref="HottestAuctions"/> keeps each window's leaders
/// until the watermark says every count of that window has arrived.
/// </remarks>
[StreamJob]
public static partial class Q5
{
    /// <summary>Window size.</summary>
    public static readonly TimeSpan Size = TimeSpan.FromSeconds(10);

    /// <summary>Window slide.</summary>
    public static readonly TimeSpan Slide = TimeSpan.FromSeconds(2);

    /// <summary>The hottest auctions of every window.</summary>
    public static DataStream<Q5Row> Build(DataStream<Bid> bids) =>
        bids.KeyBy(static b => b.Auction)
            .Window(SlidingEventTimeWindows.Of(Size, Slide))
            .Aggregate(new CountAggregate<Bid>(), new AuctionWindowCount(), "q5: bids per auction and window")
            .KeyBy(static c => c.WindowEnd)
            .Process(new HottestAuctions(), "q5: hottest auctions");
}
