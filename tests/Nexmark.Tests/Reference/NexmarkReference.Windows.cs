namespace Nexmark.Tests.Reference;

// Inside the namespace so these types win over any same-named types in the samples' Nexmark namespace.
using Compiled.Connectors.Nexmark;

/// <summary>q5, q7, q11, q12: windowed aggregations over bids.</summary>
public static partial class NexmarkReference
{
    private const long Q5SizeMillis = 10_000;
    private const long Q5SlideMillis = 2_000;
    private const long Q7WindowMillis = 10_000;
    private const long Q11GapMillis = 10_000;

    /// <summary>
    /// q5: per HOP window (slide 2 s, size 10 s) the bid count per auction; rows are the auctions whose
    /// count is &gt;= the window's maximum count (all ties). Columns auction, num.
    /// </summary>
    private static IEnumerable<string> Q5(IReadOnlyList<NexmarkEvent> events)
    {
        var auctionBids =
            from b in Bids(events)
            from start in HopStarts(b.DateTime)
            group b by (b.Auction, Start: start) into g
            select (g.Key.Auction, g.Key.Start, Num: (long)g.Count());
        var counts = auctionBids.ToList();
        var maxBids =
            from c in counts
            group c by c.Start into g
            select (Start: g.Key, MaxN: g.Max(c => c.Num));
        return from c in counts
               join m in maxBids on c.Start equals m.Start
               where c.Num >= m.MaxN
               select Row(("auction", L(c.Auction)), ("num", L(c.Num)));
    }

    /// <summary>Starts of every HOP window [s, s + 10 s) with s on the 2 s grid that contains <paramref name="t"/>.</summary>
    private static IEnumerable<long> HopStarts(long t)
    {
        for (long start = WindowStart(t, Q5SlideMillis); start > t - Q5SizeMillis; start -= Q5SlideMillis)
        {
            yield return start;
        }
    }

    /// <summary>
    /// q7: every bid B joined with each 10 s tumble window's (MAX(price), window_end) where B.price = maxprice and
    /// B.dateTime BETWEEN window_end - 10 s AND window_end (inclusive both ends, so a bid exactly at window_end can
    /// also match the window that ends there). The INSERT is positional: sink column bidder gets B.price and
    /// price gets B.bidder.
    /// </summary>
    private static IEnumerable<string> Q7(IReadOnlyList<NexmarkEvent> events)
    {
        var bids = Bids(events).ToList();
        var windows =
            from b in bids
            group b by WindowStart(b.DateTime, Q7WindowMillis) + Q7WindowMillis into g
            select (MaxPrice: g.Max(b => b.Price), End: g.Key);
        return from b in bids
               join w in windows on b.Price equals w.MaxPrice
               where b.DateTime >= w.End - Q7WindowMillis && b.DateTime <= w.End
               select Row(
                   ("auction", L(b.Auction)),
                   ("bidder", L(b.Price)),
                   ("price", L(b.Bidder)),
                   ("dateTime", Ts(b.DateTime)),
                   ("extra", b.Extra));
    }

    /// <summary>
    /// q11: bids per bidder in session windows with a 10 s gap. Each bid opens [t, t + 10 s); Flink merges windows
    /// that overlap or touch (start &lt;= other end), so a bid exactly 10 s after the previous one joins its session.
    /// Columns bidder, bid_count, starttime (first bid), endtime (last bid + 10 s).
    /// </summary>
    private static IEnumerable<string> Q11(IReadOnlyList<NexmarkEvent> events) =>
        from b in Bids(events)
        group b.DateTime by b.Bidder into byBidder
        from session in Sessions(byBidder.Order())
        select Row(
            ("bidder", L(byBidder.Key)),
            ("bid_count", L(session.Count)),
            ("starttime", Ts(session.Start)),
            ("endtime", Ts(session.End)));

    private static IEnumerable<(long Start, long End, long Count)> Sessions(IEnumerable<long> sortedTimes)
    {
        (long Start, long End, long Count)? current = null;
        foreach (long t in sortedTimes)
        {
            if (current is { } s && t <= s.End)
            {
                current = (s.Start, Math.Max(s.End, t + Q11GapMillis), s.Count + 1);
            }
            else
            {
                if (current is { } done)
                {
                    yield return done;
                }

                current = (t, t + Q11GapMillis, 1);
            }
        }

        if (current is { } last)
        {
            yield return last;
        }
    }

    /// <summary>
    /// q12 counts bids per bidder in 10 s windows of processing time, which no batch computation can reproduce; what
    /// every run must give is the total over a bidder's windows: its number of bids. Columns bidder, bid_count.
    /// </summary>
    private static IEnumerable<string> Q12(IReadOnlyList<NexmarkEvent> events) =>
        from b in Bids(events)
        group b by b.Bidder into g
        select Row(("bidder", L(g.Key)), ("bid_count", L(g.LongCount())));
}
