using Compiled;
using Compiled.Api;
using Compiled.Connectors.Nexmark;
using Nexmark.Queries.Functions;
using Nexmark.Rows;

namespace Nexmark.Queries;

/// <summary>
/// Nexmark q3, local item suggestion:
/// <c>SELECT P.name, P.city, P.state, A.id FROM auction A JOIN person P ON A.seller = P.id
/// WHERE A.category = 10 AND P.state IN ('OR', 'ID', 'CA')</c>.
/// </summary>
/// <remarks>
/// A regular (unwindowed) inner join: both sides are filtered first, then partitioned by the seller's id so an
/// auction and its seller meet in one subtask, where <see cref="SellerAuctionJoin"/> keeps each side in keyed
/// state and emits every matching pair whichever side arrives first.
/// </remarks>
[StreamJob]
public static partial class Q3
{
    /// <summary>Category whose auctions are reported.</summary>
    public const long Category = 10;

    /// <summary>Auctions in category 10 of sellers living in Oregon, Idaho or California.</summary>
    public static DataStream<Q3Row> Build(DataStream<NexmarkEvent> events)
    {
        var auctions = events.Auctions().Filter(static a => a.Category == Category, "q3: category 10");
        var sellers = events.Persons().Filter(static p => p.State is "OR" or "ID" or "CA", "q3: OR, ID, CA");
        return auctions.Connect(sellers)
            .KeyBy(static a => a.Seller, static p => p.Id)
            .Process(new SellerAuctionJoin(), "q3: join seller");
    }
}
