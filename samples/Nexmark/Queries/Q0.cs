using Compiled;
using Compiled.Api;
using Compiled.Connectors.Nexmark;
using Nexmark.Rows;

namespace Nexmark.Queries;

/// <summary>
/// Nexmark q0, pass-through: <c>SELECT auction, bidder, price, dateTime, extra FROM bid</c>.
/// Measures the cost of reading and writing the stream.
/// </summary>
[StreamJob]
public static partial class Q0
{
    /// <summary>Every bid as a row.</summary>
    public static DataStream<BidRow> Build(DataStream<Bid> bids) =>
        bids.Map(static b => new BidRow(b.Auction, b.Bidder, b.Price, b.DateTime, b.Extra), "q0: project");
}
