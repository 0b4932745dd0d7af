using Compiled;
using Compiled.Api;
using Compiled.Connectors.Nexmark;
using Nexmark.Queries.Functions;
using Nexmark.Rows;

namespace Nexmark.Queries;

/// <summary>
/// Nexmark q20, expand bid with auction: every bid joined with its auction, for auctions in category 10
/// (<c>bid B JOIN auction A ON B.auction = A.id WHERE A.category = 10</c>).
/// </summary>
/// <remarks>
/// The category filter is applied to the auctions before the join (the same result, less state); bids are all kept,
/// since their auction may arrive later. Both sides are partitioned by auction id and joined by <see cref="BidAuctionJoin"/>.
/// </remarks>
[StreamJob]
public static partial class Q20
{
    /// <summary>Category whose auctions are reported.</summary>
    public const long Category = 10;

    /// <summary>Bids on category 10 auctions, with the auction's columns.</summary>
    public static DataStream<Q20Row> Build(DataStream<NexmarkEvent> events)
    {
        var auctions = events.Auctions().Filter(static a => a.Category == Category, "q20: category 10");
        return events.Bids().Connect(auctions)
            .KeyBy(static b => b.Auction, static a => a.Id)
            .Process(new BidAuctionJoin(), "q20: join auction");
    }
}
