using Compiled;
using Compiled.Api;
using Compiled.Connectors.Nexmark;
using Nexmark.Rows;

namespace Nexmark.Queries;

/// <summary>Nexmark q2, selection: <c>SELECT auction, price FROM bid WHERE MOD(auction, 123) = 0</c>.</summary>
[StreamJob]
public static partial class Q2
{
    /// <summary>The bids on auctions whose id is a multiple of 123.</summary>
    public static DataStream<Q2Row> Build(DataStream<Bid> bids) =>
        bids.Filter(static b => b.Auction % 123 == 0, "q2: auction % 123 = 0")
            .Map(static b => new Q2Row(b.Auction, b.Price), "q2: project");
}
