using Compiled;
using Compiled.Api;
using Compiled.Connectors.Nexmark;
using Nexmark.Queries.Functions;
using Nexmark.Rows;

namespace Nexmark.Queries;

/// <summary>
/// Nexmark q14, calculation: the bids whose price in euros (<c>0.908 * price</c>, DECIMAL(23, 3)) lies strictly between
/// 1 000 000 and 50 000 000, with the time of day classified by <c>HOUR(dateTime)</c> (8..18 <c>dayTime</c>, ≤ 6 or ≥ 20
/// <c>nightTime</c>, else <c>otherTime</c>) and the user-defined function <c>count_char(extra, 'c')</c>
/// (<see cref="UserFunctions.CountChar"/>).
/// </summary>
[StreamJob]
public static partial class Q14
{
    /// <summary>Dollars to euros, scale 3 as in q1.</summary>
    private const decimal EurosPerDollar = 0.908m;

    private const decimal MinEuros = 1_000_000m;
    private const decimal MaxEuros = 50_000_000m;

    /// <summary>The bids in the price band, converted and classified.</summary>
    public static DataStream<Q14Row> Build(DataStream<Bid> bids) =>
        bids.Filter(static b => EurosPerDollar * b.Price > MinEuros && EurosPerDollar * b.Price < MaxEuros, "q14: price band")
            .Map(static b => new Q14Row(b.Auction, b.Bidder, EurosPerDollar * b.Price, BidTimeType(b.DateTime), b.DateTime, b.Extra,
                UserFunctions.CountChar(b.Extra, 'c')), "q14: project");

    /// <summary>The SQL's CASE over <c>HOUR(dateTime)</c>.</summary>
    public static string BidTimeType(long dateTime) => Calendar.HourOfDay(dateTime) switch
    {
        >= 8 and <= 18 => "dayTime",
        <= 6 or >= 20 => "nightTime",
        _ => "otherTime",
    };
}
