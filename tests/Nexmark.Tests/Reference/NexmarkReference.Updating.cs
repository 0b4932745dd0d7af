namespace Nexmark.Tests.Reference;

// Inside the namespace so these types win over any same-named types in the samples' Nexmark namespace.
using Compiled.Connectors.Nexmark;

/// <summary>q15–q19: unbounded aggregations, deduplication and top-N. Their final tables (the engine writes changelogs).</summary>
public static partial class NexmarkReference
{
    /// <summary>q15: per day, bids / distinct bidders / distinct auctions, in total and per price rank.</summary>
    private static IEnumerable<string> Q15(IReadOnlyList<NexmarkEvent> events) =>
        from b in Bids(events)
        group b by Date(b.DateTime) into day
        select Row([("day", day.Key), .. RankedStatistics(day)]);

    /// <summary>q16: q15's statistics per channel and day, with the group's largest <c>HH:mm</c> as minute.</summary>
    private static IEnumerable<string> Q16(IReadOnlyList<NexmarkEvent> events) =>
        from b in Bids(events)
        group b by (b.Channel, Day: Date(b.DateTime)) into g
        select Row([("channel", g.Key.Channel), ("day", g.Key.Day), ("minute", g.Select(b => HourMinute(b.DateTime)).Max(StringComparer.Ordinal)!),
            .. RankedStatistics(g)]);

    /// <summary>q17: per auction and day, bid counts (total and per rank) and min, max, avg (integer) and sum of the price.</summary>
    private static IEnumerable<string> Q17(IReadOnlyList<NexmarkEvent> events) =>
        from b in Bids(events)
        group b by (b.Auction, Day: Date(b.DateTime)) into g
        let prices = g.Select(b => b.Price).ToList()
        select Row([("auction", L(g.Key.Auction)), ("day", g.Key.Day), .. RankedCounts(g.ToList(), "bids"),
            ("min_price", L(prices.Min())), ("max_price", L(prices.Max())), ("avg_price", L(prices.Sum() / prices.Count)), ("sum_price", L(prices.Sum()))]);

    /// <summary>
    /// q18: per (bidder, auction) the bid with the latest dateTime. SQL leaves ties open; the engine's rule, restated
    /// here: the greater of price, then channel, url, extra (ordinal).
    /// </summary>
    private static IEnumerable<string> Q18(IReadOnlyList<NexmarkEvent> events) =>
        from b in Bids(events)
        group b by (b.Bidder, b.Auction) into g
        let last = g.OrderByDescending(b => b.DateTime)
            .ThenByDescending(b => b.Price)
            .ThenByDescending(b => b.Channel, StringComparer.Ordinal)
            .ThenByDescending(b => b.Url, StringComparer.Ordinal)
            .ThenByDescending(b => b.Extra, StringComparer.Ordinal)
            .First()
        select Row(BidColumns(last));

    /// <summary>
    /// q19: per auction the 10 highest prices with their rank (1 = highest). SQL leaves ties open; the engine's rule,
    /// restated here: the earlier bid first, then the lower bidder, then channel, url, extra (ordinal).
    /// </summary>
    private static IEnumerable<string> Q19(IReadOnlyList<NexmarkEvent> events) =>
        from b in Bids(events)
        group b by b.Auction into g
        from ranked in g.OrderByDescending(b => b.Price)
            .ThenBy(b => b.DateTime)
            .ThenBy(b => b.Bidder)
            .ThenBy(b => b.Channel, StringComparer.Ordinal)
            .ThenBy(b => b.Url, StringComparer.Ordinal)
            .ThenBy(b => b.Extra, StringComparer.Ordinal)
            .Take(10)
            .Select((b, i) => (Bid: b, Rank: i + 1))
        select Row([.. BidColumns(ranked.Bid), ("rank_number", L(ranked.Rank))]);

    private static (string, string)[] BidColumns(Bid b) =>
        [("auction", L(b.Auction)), ("bidder", L(b.Bidder)), ("price", L(b.Price)), ("channel", b.Channel), ("url", b.Url),
         ("dateTime", Ts(b.DateTime)), ("extra", b.Extra)];

    /// <summary>The 12 statistics columns of q15 and q16.</summary>
    private static IEnumerable<(string, string)> RankedStatistics(IEnumerable<Bid> group)
    {
        var bids = group.ToList();
        return [.. RankedCounts(bids, "bids"), .. RankedDistinct(bids, b => b.Bidder, "bidders"), .. RankedDistinct(bids, b => b.Auction, "auctions")];
    }

    private static readonly (string Name, Func<long, bool> Filter)[] Ranks =
    [
        ("total", _ => true),
        ("rank1", p => p < 10_000),
        ("rank2", p => p >= 10_000 && p < 1_000_000),
        ("rank3", p => p >= 1_000_000),
    ];

    private static IEnumerable<(string, string)> RankedCounts(List<Bid> bids, string what) =>
        Ranks.Select(r => (r.Name + "_" + what, L(bids.Count(b => r.Filter(b.Price)))));

    private static IEnumerable<(string, string)> RankedDistinct(List<Bid> bids, Func<Bid, long> column, string what) =>
        Ranks.Select(r => (r.Name + "_" + what, L(bids.Where(b => r.Filter(b.Price)).Select(column).Distinct().Count())));
}
