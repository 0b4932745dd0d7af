namespace Nexmark.Tests.Reference;

// Inside the namespace so these types win over any same-named types in the samples' Nexmark namespace.
using Compiled.Connectors.Nexmark;

public class NexmarkReferenceTests
{
    /// <summary>2026-01-01 00:00:00.000, a multiple of 10 s.</summary>
    private const long T = 1_767_225_600_000L;

    private static NexmarkEvent P(long id, string name, string city, string state, long t) =>
        NexmarkEvent.OfPerson(new Person(id, name, "e@x.com", "0000 0000 0000 0000", city, state, t, ""));

    private static NexmarkEvent A(long id, long seller, long category, long t) =>
        NexmarkEvent.OfAuction(new Auction(id, "item", "desc", 100, 200, t, t + 1000, seller, category, ""));

    private static NexmarkEvent B(long auction, long bidder, long price, long t, string extra = "") =>
        NexmarkEvent.OfBid(new Bid(auction, bidder, price, "Google", "https://u", t, extra));

    private static NexmarkEvent Bid(long auction, long bidder, long price, string channel, string url, long t, string extra = "") =>
        NexmarkEvent.OfBid(new Bid(auction, bidder, price, channel, url, t, extra));

    /// <summary>Nexmark's standard side input: key k has value "k", for k in 0..9999.</summary>
    private static readonly List<(long Key, string Value)> SequentialSideInput = Enumerable.Range(0, 10_000).Select(k => ((long)k, k.ToString())).ToList();

    private static List<string> Sorted(params string[] rows) => rows.Order(StringComparer.Ordinal).ToList();

    [Fact]
    public void Q0ProjectsEveryBid()
    {
        var events = new[] { P(1, "x", "Bend", "OR", T), B(1000, 1001, 5, T + 7, "pad"), B(1002, 1003, 9, T + 12_345) };
        Assert.Equal(
            Sorted(
                "auction=1000|bidder=1001|price=5|dateTime=2026-01-01 00:00:00.007|extra=pad",
                "auction=1002|bidder=1003|price=9|dateTime=2026-01-01 00:00:12.345|extra="),
            NexmarkReference.Run("q0", events));
    }

    [Fact]
    public void Q1ConvertsPriceToADecimalWithThreePlaces()
    {
        var events = new[] { B(1, 2, 1000, T), B(3, 4, 1, T + 1), B(5, 6, 123_456_789, T + 2) };
        Assert.Equal(
            Sorted(
                "auction=1|bidder=2|price=908.000|dateTime=2026-01-01 00:00:00.000|extra=",
                "auction=3|bidder=4|price=0.908|dateTime=2026-01-01 00:00:00.001|extra=",
                "auction=5|bidder=6|price=112098764.412|dateTime=2026-01-01 00:00:00.002|extra="),
            NexmarkReference.Run("q1", events));
    }

    [Fact]
    public void Q2KeepsAuctionsDivisibleBy123()
    {
        var events = new[] { B(0, 1, 10, T), B(122, 1, 11, T), B(123, 1, 12, T), B(246, 1, 13, T), B(1000, 1, 14, T) };
        Assert.Equal(
            Sorted("auction=0|price=10", "auction=123|price=12", "auction=246|price=13"),
            NexmarkReference.Run("q2", events));
    }

    [Fact]
    public void Q3JoinsCategoryTenAuctionsWithSellersInOregonIdahoCalifornia()
    {
        var events = new[]
        {
            P(1, "Ann", "Bend", "OR", T), P(2, "Bob", "Seattle", "WA", T), P(3, "Cy", "Boise", "ID", T),
            A(100, 1, 10, T), A(101, 2, 10, T), A(102, 3, 11, T), A(103, 3, 10, T), A(104, 1, 10, T + 60_000), A(105, 9, 10, T),
        };
        Assert.Equal(
            Sorted(
                "name=Ann|city=Bend|state=OR|id=100",
                "name=Ann|city=Bend|state=OR|id=104",
                "name=Cy|city=Boise|state=ID|id=103"),
            NexmarkReference.Run("q3", events));
    }

    [Fact]
    public void Q5ReportsTheHottestAuctionsOfEveryHopWindowIncludingTies()
    {
        // Bids at T+1.0 s and T+1.5 s (auction 1) lie in the windows starting T-8 s .. T;
        // T+2.5 s and T+2.6 s (auction 3) and T+3 s (auction 2) lie in the windows starting T-6 s .. T+2 s.
        var events = new[]
        {
            B(1, 9, 1, T + 1000), B(1, 9, 1, T + 1500), B(2, 9, 1, T + 3000), B(3, 9, 1, T + 2500), B(3, 9, 1, T + 2600),
        };
        var expected = new List<string>();
        expected.Add("auction=1|num=2");                 // window T-8 s: only auction 1
        expected.AddRange(Enumerable.Repeat("auction=1|num=2", 4)); // windows T-6 s .. T: 1 and 3 tie at 2 (2 has 1)
        expected.AddRange(Enumerable.Repeat("auction=3|num=2", 4));
        expected.Add("auction=3|num=2");                 // window T+2 s: 3 has 2, 2 has 1
        Assert.Equal(expected.Order(StringComparer.Ordinal).ToList(), NexmarkReference.Run("q5", events));
    }

    [Fact]
    public void Q7MatchesMaxPricesInclusiveOfWindowEndAndSwapsBidderAndPrice()
    {
        var events = new[]
        {
            B(11, 101, 50, T + 1_000),   // window [T, T+10 s): max 80
            B(12, 102, 80, T + 5_000),   // matches window ending T+10 s
            B(13, 103, 80, T + 10_000),  // in window [T+10 s, T+20 s) (max 80) and exactly at the first window's end: matches both
            B(14, 104, 10, T + 12_000),
            B(15, 105, 80, T + 20_000),  // at the second window's end (max 80): matches it; its own window's max is 90
            B(16, 106, 90, T + 25_000),  // window [T+20 s, T+30 s): max 90
        };
        Assert.Equal(
            Sorted(
                "auction=12|bidder=80|price=102|dateTime=2026-01-01 00:00:05.000|extra=",
                "auction=13|bidder=80|price=103|dateTime=2026-01-01 00:00:10.000|extra=",
                "auction=13|bidder=80|price=103|dateTime=2026-01-01 00:00:10.000|extra=",
                "auction=15|bidder=80|price=105|dateTime=2026-01-01 00:00:20.000|extra=",
                "auction=16|bidder=90|price=106|dateTime=2026-01-01 00:00:25.000|extra="),
            NexmarkReference.Run("q7", events));
    }

    [Fact]
    public void Q8FindsPersonsWhoOpenAnAuctionInTheirSignUpWindow()
    {
        var events = new[]
        {
            P(1, "Alice", "Bend", "OR", T + 1_000),
            P(2, "Bob", "Kent", "WA", T + 2_000),
            A(100, 1, 10, T + 5_000),   // same window as Alice
            A(101, 1, 11, T + 6_000),   // again: grouping makes it one row
            A(102, 2, 10, T + 12_000),  // Bob's auction is in the next window
            P(3, "Carol", "Bend", "OR", T + 19_999),
            A(103, 3, 10, T + 10_000),  // same window as Carol, though earlier
            A(104, 4, 10, T + 1_000),   // seller never signed up
        };
        Assert.Equal(
            Sorted("id=1|name=Alice|stime=2026-01-01 00:00:00.000", "id=3|name=Carol|stime=2026-01-01 00:00:10.000"),
            NexmarkReference.Run("q8", events));
    }

    [Fact]
    public void Q11CountsBidsPerSessionMergingTouchingAndBridgedSessions()
    {
        var events = new[]
        {
            B(1, 7, 1, T), B(1, 7, 1, T + 5_000), B(1, 7, 1, T + 15_000), // gap exactly 10 s: same session
            B(1, 7, 1, T + 30_000),                                      // gap 15 s: new session
            B(1, 8, 1, T + 1_000), B(1, 8, 1, T + 11_001),                // gap 10.001 s: two sessions
            B(1, 9, 1, T + 20_000), B(1, 9, 1, T), B(1, 9, 1, T + 10_000), // the last bid bridges two sessions
        };
        Assert.Equal(
            Sorted(
                "bidder=7|bid_count=3|starttime=2026-01-01 00:00:00.000|endtime=2026-01-01 00:00:25.000",
                "bidder=7|bid_count=1|starttime=2026-01-01 00:00:30.000|endtime=2026-01-01 00:00:40.000",
                "bidder=8|bid_count=1|starttime=2026-01-01 00:00:01.000|endtime=2026-01-01 00:00:11.000",
                "bidder=8|bid_count=1|starttime=2026-01-01 00:00:11.001|endtime=2026-01-01 00:00:21.001",
                "bidder=9|bid_count=3|starttime=2026-01-01 00:00:00.000|endtime=2026-01-01 00:00:30.000"),
            NexmarkReference.Run("q11", events));
    }

    [Fact]
    public void Q10AddsTheDateAndMinutePartitionColumns()
    {
        var events = new[] { B(1, 2, 3, T + 59_999, "x"), B(4, 5, 6, T + 60_000 + 3_600_000) };
        Assert.Equal(
            Sorted(
                "auction=1|bidder=2|price=3|dateTime=2026-01-01 00:00:59.999|extra=x|dt=2026-01-01|hm=00:00",
                "auction=4|bidder=5|price=6|dateTime=2026-01-01 01:01:00.000|extra=|dt=2026-01-01|hm=01:01"),
            NexmarkReference.Run("q10", events));
    }

    [Fact]
    public void Q12TotalsTheBidsOfEachBidder()
    {
        var events = new[] { B(1, 7, 1, T), B(2, 7, 1, T + 60_000), B(1, 8, 1, T), P(7, "x", "Bend", "OR", T) };
        Assert.Equal(Sorted("bidder=7|bid_count=2", "bidder=8|bid_count=1"), NexmarkReference.Run("q12", events));
    }

    [Fact]
    public void Q13JoinsEachBidWithTheSideInputRowsOfItsAuctionModulo10000()
    {
        var events = new[] { B(10_003, 1, 5, T), B(20_004, 2, 6, T), B(3, 3, 7, T) };
        (long, string)[] side = [(3, "three"), (3, "tres"), (5, "five")];
        Assert.Equal(
            Sorted(
                "auction=10003|bidder=1|price=5|dateTime=2026-01-01 00:00:00.000|value=three",
                "auction=10003|bidder=1|price=5|dateTime=2026-01-01 00:00:00.000|value=tres",
                "auction=3|bidder=3|price=7|dateTime=2026-01-01 00:00:00.000|value=three",
                "auction=3|bidder=3|price=7|dateTime=2026-01-01 00:00:00.000|value=tres"),
            NexmarkReference.Run("q13", events, side));
        Assert.Throws<ArgumentException>(() => NexmarkReference.Run("q13", events));
    }

    [Fact]
    public void Q14KeepsThePriceBandAndClassifiesTheHour()
    {
        var events = new[]
        {
            B(1, 1, 1_101_322, T + 7 * 3_600_000, "cacc"),   // 1 000 000.376 euros, 07:00: otherTime
            B(2, 1, 1_101_321, T + 8 * 3_600_000),          // 999 999.468: too low
            B(3, 1, 55_066_079, T + 20 * 3_600_000),        // 49 999 999.732 euros, 20:00: nightTime
            B(4, 1, 55_066_080, T),                         // 50 000 000.640: too high
            B(5, 1, 2_000_000, T + 18 * 3_600_000 + 3_599_999, "C"), // 18:59:59.999: dayTime
        };
        Assert.Equal(
            Sorted(
                "auction=1|bidder=1|price=1000000.376|bidTimeType=otherTime|dateTime=2026-01-01 07:00:00.000|extra=cacc|c_counts=3",
                "auction=3|bidder=1|price=49999999.732|bidTimeType=nightTime|dateTime=2026-01-01 20:00:00.000|extra=|c_counts=0",
                "auction=5|bidder=1|price=1816000.000|bidTimeType=dayTime|dateTime=2026-01-01 18:59:59.999|extra=C|c_counts=0"),
            NexmarkReference.Run("q14", events));
    }

    [Fact]
    public void Q15CountsBidsAndDistinctBiddersAndAuctionsPerDayAndPriceRank()
    {
        var events = new[]
        {
            B(1, 7, 9_999, T), B(1, 7, 10_000, T + 1), B(2, 7, 999_999, T + 2), B(2, 8, 1_000_000, T + 3),
            B(3, 9, 5, T + 86_400_000),
        };
        Assert.Equal(
            Sorted(
                "day=2026-01-01|total_bids=4|rank1_bids=1|rank2_bids=2|rank3_bids=1|total_bidders=2|rank1_bidders=1|rank2_bidders=1|rank3_bidders=1"
                    + "|total_auctions=2|rank1_auctions=1|rank2_auctions=2|rank3_auctions=1",
                "day=2026-01-02|total_bids=1|rank1_bids=1|rank2_bids=0|rank3_bids=0|total_bidders=1|rank1_bidders=1|rank2_bidders=0|rank3_bidders=0"
                    + "|total_auctions=1|rank1_auctions=1|rank2_auctions=0|rank3_auctions=0"),
            NexmarkReference.Run("q15", events));
    }

    [Fact]
    public void Q16GroupsByChannelAndDayWithTheLatestMinute()
    {
        var events = new[]
        {
            Bid(1, 7, 5, "Apple", "u", T + 3_600_000), Bid(1, 7, 5, "Apple", "u", T + 120_000), Bid(2, 8, 50_000, "Baidu", "u", T),
        };
        Assert.Equal(
            Sorted(
                "channel=Apple|day=2026-01-01|minute=01:00|total_bids=2|rank1_bids=2|rank2_bids=0|rank3_bids=0|total_bidders=1|rank1_bidders=1"
                    + "|rank2_bidders=0|rank3_bidders=0|total_auctions=1|rank1_auctions=1|rank2_auctions=0|rank3_auctions=0",
                "channel=Baidu|day=2026-01-01|minute=00:00|total_bids=1|rank1_bids=0|rank2_bids=1|rank3_bids=0|total_bidders=1|rank1_bidders=0"
                    + "|rank2_bidders=1|rank3_bidders=0|total_auctions=1|rank1_auctions=0|rank2_auctions=1|rank3_auctions=0"),
            NexmarkReference.Run("q16", events));
    }

    [Fact]
    public void Q17ReportsCountsAndPricesPerAuctionAndDayWithAnIntegerAverage()
    {
        var events = new[] { B(1, 7, 10, T), B(1, 8, 11, T + 5), B(1, 9, 2_000_000, T + 86_400_000) };
        Assert.Equal(
            Sorted(
                "auction=1|day=2026-01-01|total_bids=2|rank1_bids=2|rank2_bids=0|rank3_bids=0|min_price=10|max_price=11|avg_price=10|sum_price=21",
                "auction=1|day=2026-01-02|total_bids=1|rank1_bids=0|rank2_bids=0|rank3_bids=1|min_price=2000000|max_price=2000000|avg_price=2000000|sum_price=2000000"),
            NexmarkReference.Run("q17", events));
    }

    [Fact]
    public void Q18KeepsTheLatestBidPerBidderAndAuctionBreakingTiesByTheOtherColumns()
    {
        var events = new[]
        {
            Bid(1, 7, 5, "a", "u", T + 10), Bid(1, 7, 9, "a", "u", T + 5),     // the later one wins despite the lower price
            Bid(2, 7, 5, "a", "u", T), Bid(2, 7, 6, "a", "u", T), Bid(2, 7, 6, "b", "u", T), // tie: higher price, then channel
            Bid(1, 8, 1, "a", "u", T),
        };
        Assert.Equal(
            Sorted(
                "auction=1|bidder=7|price=5|channel=a|url=u|dateTime=2026-01-01 00:00:00.010|extra=",
                "auction=2|bidder=7|price=6|channel=b|url=u|dateTime=2026-01-01 00:00:00.000|extra=",
                "auction=1|bidder=8|price=1|channel=a|url=u|dateTime=2026-01-01 00:00:00.000|extra="),
            NexmarkReference.Run("q18", events));
    }

    [Fact]
    public void Q19RanksTheTenHighestPricesPerAuctionEarlierBidsFirstOnTies()
    {
        var events = Enumerable.Range(1, 12).Select(i => B(1, i, i * 10, T + i))
            .Append(B(1, 99, 120, T + 100))  // ties with the top price but later: rank 2
            .Append(B(2, 5, 7, T))
            .ToList();
        var expected = new List<string>
        {
            "auction=1|bidder=12|price=120|channel=Google|url=https://u|dateTime=2026-01-01 00:00:00.012|extra=|rank_number=1",
            "auction=1|bidder=99|price=120|channel=Google|url=https://u|dateTime=2026-01-01 00:00:00.100|extra=|rank_number=2",
        };
        expected.AddRange(Enumerable.Range(3, 8).Select(rank =>
            $"auction=1|bidder={14 - rank}|price={(14 - rank) * 10}|channel=Google|url=https://u|dateTime=2026-01-01 00:00:00.{14 - rank:000}|extra=|rank_number={rank}"));
        expected.Add("auction=2|bidder=5|price=7|channel=Google|url=https://u|dateTime=2026-01-01 00:00:00.000|extra=|rank_number=1");
        Assert.Equal(expected.Order(StringComparer.Ordinal).ToList(), NexmarkReference.Run("q19", events));
    }

    [Fact]
    public void Q20JoinsBidsWithTheirCategoryTenAuction()
    {
        var events = new[] { A(100, 1, 10, T), A(101, 1, 11, T), B(100, 7, 5, T + 1, "e"), B(101, 7, 5, T + 1), B(102, 7, 5, T + 1) };
        Assert.Equal(
            Sorted("auction=100|bidder=7|price=5|channel=Google|url=https://u|bid_dateTime=2026-01-01 00:00:00.001|bid_extra=e"
                + "|itemName=item|description=desc|initialBid=100|reserve=200|auction_dateTime=2026-01-01 00:00:00.000"
                + "|expires=2026-01-01 00:00:01.000|seller=1|category=10|auction_extra="),
            NexmarkReference.Run("q20", events));
    }

    [Fact]
    public void Q21TakesTheChannelIdFromTheChannelOrTheUrl()
    {
        var events = new[]
        {
            Bid(1, 1, 1, "APPLE", "https://x/item.htm?query=1&channel_id=9", T),  // the CASE wins over the url
            Bid(2, 1, 1, "channel-5", "https://x/item.htm?query=1&channel_id=77&y=1", T),
            Bid(3, 1, 1, "channel-6", "https://x/item.htm?query=1", T),            // no id: dropped
            Bid(4, 1, 1, "channel-7", "https://x/item.htm?channel_id=8", T),      // '?' is neither '&' nor the start: dropped
            Bid(5, 1, 1, "channel-8", "channel_id=&a=b", T),                       // at the start, empty
            Bid(6, 1, 1, "baidu", "u", T),
        };
        Assert.Equal(
            Sorted(
                "auction=1|bidder=1|price=1|channel=APPLE|channel_id=0",
                "auction=2|bidder=1|price=1|channel=channel-5|channel_id=77",
                "auction=5|bidder=1|price=1|channel=channel-8|channel_id=",
                "auction=6|bidder=1|price=1|channel=baidu|channel_id=3"),
            NexmarkReference.Run("q21", events));
    }

    [Fact]
    public void Q22SplitsTheUrlIntoDirectoriesKeepingEmptyPieces()
    {
        var events = new[]
        {
            Bid(1, 1, 1, "c", "https://www.nexmark.com/a/b/c/item.htm?query=1", T),
            Bid(2, 1, 1, "c", "https://h//b", T),
            Bid(3, 1, 1, "c", "", T),
        };
        Assert.Equal(
            Sorted(
                "auction=1|bidder=1|price=1|channel=c|dir1=a|dir2=b|dir3=c",
                "auction=2|bidder=1|price=1|channel=c|dir1=|dir2=b|dir3=null",
                "auction=3|bidder=1|price=1|channel=c|dir1=null|dir2=null|dir3=null"),
            NexmarkReference.Run("q22", events));
    }

    [Fact]
    public void UnknownQueryIsRejected()
    {
        Assert.Throws<ArgumentException>(() => NexmarkReference.Run("q4", []));
        Assert.Empty(NexmarkReference.Run("Q5", []));
    }

    [Fact]
    public void GeneratedStreamGivesPlausibleResultsIndependentOfOrder()
    {
        var generator = new NexmarkGenerator(new NexmarkGeneratorConfig { EventCount = 60_000 });
        var events = Enumerable.Range(0, 60_000).Select(n => generator.Generate(n)).ToList();
        var shuffled = EventShuffler.ShuffleWithinBound(events, 5_000, seed: 3);
        int bids = events.Count(e => e.Type == NexmarkEventType.Bid);

        var results = new Dictionary<string, List<string>>();
        foreach (string query in NexmarkReference.Queries)
        {
            List<string> rows = results[query] = NexmarkReference.Run(query, events, SequentialSideInput);
            Assert.Equal(rows, NexmarkReference.Run(query, shuffled, SequentialSideInput));
            if (query is "q0" or "q1" or "q10" or "q13" or "q22")
            {
                Assert.Equal(bids, rows.Count);
            }
            else
            {
                Assert.NotEmpty(rows);
            }
        }

        // 6 s of events: 1 tumbling window and hop windows starting every 2 s from T-8 s to T+4 s (7).
        Assert.InRange(results["q7"].Count, 1, 3);
        Assert.InRange(results["q5"].Count, 7, 21);
    }
}
