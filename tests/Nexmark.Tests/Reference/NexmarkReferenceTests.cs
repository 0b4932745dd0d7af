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
    public void UnknownQueryIsRejected()
    {
        Assert.Throws<ArgumentException>(() => NexmarkReference.Run("q4", []));
        Assert.Empty(NexmarkReference.Run("Q5", []));
    }

    [Fact]
    public void GeneratedStreamGivesPlausibleResultsIndependentOfOrder()
    {
        var generator = new NexmarkGenerator(new NexmarkGeneratorConfig { EventCount = 150_000 });
        var events = Enumerable.Range(0, 150_000).Select(n => generator.Generate(n)).ToList();
        var shuffled = EventShuffler.ShuffleWithinBound(events, 5_000, seed: 3);
        int bids = events.Count(e => e.Type == NexmarkEventType.Bid);

        var results = new Dictionary<string, List<string>>();
        foreach (string query in NexmarkReference.Queries)
        {
            List<string> rows = results[query] = NexmarkReference.Run(query, events);
            Assert.Equal(rows, NexmarkReference.Run(query, shuffled));
            if (query is "q0" or "q1")
            {
                Assert.Equal(bids, rows.Count);
            }
            else
            {
                Assert.NotEmpty(rows);
            }
        }

        // 15 s of events: 2 tumbling windows and hop windows starting every 2 s from T-8 s to T+14 s (12).
        Assert.InRange(results["q7"].Count, 2, 6);
        Assert.InRange(results["q5"].Count, 12, 36);
    }
}
