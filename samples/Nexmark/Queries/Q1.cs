using Compiled;
using Compiled.Api;
using Compiled.Connectors.Nexmark;
using Nexmark.Rows;

namespace Nexmark.Queries;

/// <summary>
/// Nexmark q1, currency conversion: <c>SELECT auction, bidder, 0.908 * price AS price, dateTime, extra FROM bid</c>,
/// with price a DECIMAL(23, 3).
/// </summary>
[StreamJob]
public static partial class Q1
{
    /// <summary>Dollars to euros. A decimal literal with scale 3 times an integer keeps scale 3, as SQL's DECIMAL arithmetic.</summary>
    private const decimal EurosPerDollar = 0.908m;

    /// <summary>Every bid with its price in euros.</summary>
    public static DataStream<Q1Row> Build(DataStream<Bid> bids) =>
        bids.Map(static b => new Q1Row(b.Auction, b.Bidder, EurosPerDollar * b.Price, b.DateTime, b.Extra), "q1: to euros");
}
