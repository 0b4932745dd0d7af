using Compiled;
using Compiled.Api;
using Compiled.Connectors.Nexmark;
using Nexmark.Queries.Functions;
using Nexmark.Rows;

namespace Nexmark.Queries;

/// <summary>
/// Nexmark q18, find last bid: per bidder and auction the bid with the latest <c>dateTime</c> (a deduplication with
/// <c>ROW_NUMBER() … ORDER BY dateTime DESC</c>). An updating result: a changelog (<see cref="Q18Row.Op"/>).
/// </summary>
[StreamJob]
public static partial class Q18
{
    /// <summary>The last bids, as changes of the result table.</summary>
    public static DataStream<Q18Row> Build(DataStream<Bid> bids) =>
        bids.KeyBy(static b => new BidderAuction(b.Bidder, b.Auction))
            .Process(new LastBid(), "q18: last bid per bidder and auction");
}
