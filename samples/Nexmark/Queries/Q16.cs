using Compiled;
using Compiled.Api;
using Compiled.Connectors.Nexmark;
using Nexmark.Queries.Functions;
using Nexmark.Rows;

namespace Nexmark.Queries;

/// <summary>
/// Nexmark q16, channel statistics report: q15's statistics per channel and day, plus the latest bid's minute of the
/// group (<c>max(DATE_FORMAT(dateTime, 'HH:mm'))</c>). An unbounded group aggregation: the result is a changelog
/// (<see cref="Q16Row.Op"/>).
/// </summary>
[StreamJob]
public static partial class Q16
{
    /// <summary>The statistics per channel and day, as changes of the result table.</summary>
    public static DataStream<Q16Row> Build(DataStream<Bid> bids) =>
        bids.KeyBy(static b => new ChannelDay(b.Channel, Calendar.DayStart(b.DateTime)))
            .Process(new ChannelBidStatistics(), "q16: statistics per channel and day");
}
