using Compiled;
using Compiled.Api;
using Compiled.Connectors.Nexmark;
using Nexmark.Queries.Functions;
using Nexmark.Rows;

namespace Nexmark.Queries;

/// <summary>
/// Nexmark q17, auction statistics report: per auction and day the number of bids (in total and per price rank) and
/// the min, max, average and sum of the prices. An unbounded group aggregation: the result is a changelog
/// (<see cref="Q17Row.Op"/>).
/// </summary>
[StreamJob]
public static partial class Q17
{
    /// <summary>The statistics per auction and day, as changes of the result table.</summary>
    public static DataStream<Q17Row> Build(DataStream<Bid> bids) =>
        bids.KeyBy(static b => new AuctionDay(b.Auction, Calendar.DayStart(b.DateTime)))
            .Process(new AuctionDayStatistics(), "q17: statistics per auction and day");
}
