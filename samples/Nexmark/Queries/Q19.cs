using Compiled;
using Compiled.Api;
using Compiled.Connectors.Nexmark;
using Nexmark.Queries.Functions;
using Nexmark.Rows;

namespace Nexmark.Queries;

/// <summary>
/// Nexmark q19, auction top-10 price: per auction the 10 bids with the highest prices and their rank (a top-N with
/// <c>ROW_NUMBER() … ORDER BY price DESC</c>). An updating result: a changelog (<see cref="Q19Row.Op"/>).
/// </summary>
[StreamJob]
public static partial class Q19
{
    /// <summary>The top bids, as changes of the result table.</summary>
    public static DataStream<Q19Row> Build(DataStream<Bid> bids) =>
        bids.KeyBy(static b => b.Auction)
            .Process(new TopTenBids(), "q19: top 10 bids per auction");
}
