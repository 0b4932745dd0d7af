using Compiled;
using Compiled.Api;
using Compiled.Connectors.Nexmark;
using Nexmark.Queries.Functions;
using Nexmark.Rows;

namespace Nexmark.Queries;

/// <summary>
/// Nexmark q15, bidding statistics report: per day (<c>DATE_FORMAT(dateTime, 'yyyy-MM-dd')</c>) the number of bids,
/// distinct bidders and distinct auctions, each in total and filtered by price rank (below 10 000, below 1 000 000,
/// from 1 000 000). An unbounded group aggregation: the result is a changelog (<see cref="Q15Row.Op"/>).
/// </summary>
[StreamJob]
public static partial class Q15
{
    /// <summary>The daily statistics, as changes of the result table.</summary>
    public static DataStream<Q15Row> Build(DataStream<Bid> bids) =>
        bids.KeyBy(static b => Calendar.DayStart(b.DateTime))
            .Process(new DailyBidStatistics(), "q15: statistics per day");
}
