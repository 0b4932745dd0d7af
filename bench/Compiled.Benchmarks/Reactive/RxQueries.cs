using System.Reactive.Linq;
using Compiled.Connectors.Nexmark;
using Nexmark.Queries;
using Nexmark.Queries.Functions;
using Nexmark.Rows;
using static Compiled.Benchmarks.Suite.QueryParameters;

namespace Compiled.Benchmarks.Reactive;

/// <summary>
/// The stateless and windowed Nexmark queries as a .NET developer would write them in System.Reactive (Rx.NET), over
/// the ordered generated stream. Windows are <c>GroupByUntil</c> groups keyed by the event-time window, closed by a
/// duration on the same published stream once an event shows the watermark (largest event time − 4 s, as the engine's)
/// has passed the window's end — event-time semantics as far as Rx expresses them. What Rx cannot express is listed in
/// <see cref="Limitations"/>.
/// </summary>
public static class RxQueries
{
    /// <summary>What these versions cannot do that the engine's can (reported with the results).</summary>
    public static IReadOnlyList<string> Limitations { get; } =
    [
        "No watermarks: a window closes when an event of the same ordered stream shows that the watermark (largest event time - 4 s) has passed its end. " +
            "An event later than that re-opens the window as a new group (a second, partial result) instead of being dropped or sent to a late-data output, " +
            "and a window whose input goes idle never closes (no idleness, no processing-time fallback).",
        "No event-time timers per key: q11's sessions close when the same bidder bids again after the gap, or when the stream ends. " +
            "Closing them on the watermark needs one subscription per open session to the shared stream (GroupByUntil with a per-group duration): work proportional to the open sessions on every event.",
        "No keyed state backends, checkpoints or parallelism: everything runs on the producer's thread in memory, and a failure loses it all.",
        "The stateful queries (q3, q15–q20: joins, group aggregates with changelogs, deduplication, top-N) and q12 (processing-time windows, whose rows depend on the wall clock) have no Rx versions here: the comparison covers the stateless and event-time windowed queries.",
    ];

    /// <summary>The bids of the event stream.</summary>
    public static IObservable<Bid> Bids(this IObservable<NexmarkEvent> events) =>
        events.Where(static e => e.Type == NexmarkEventType.Bid).Select(static e => e.Bid);

    /// <summary>q0: every bid as a row.</summary>
    public static IObservable<BidRow> Q0(IObservable<NexmarkEvent> events) =>
        events.Bids().Select(static b => new BidRow(b.Auction, b.Bidder, b.Price, b.DateTime, b.Extra));

    /// <summary>q1: every bid with its price in euros.</summary>
    public static IObservable<Q1Row> Q1(IObservable<NexmarkEvent> events) =>
        events.Bids().Select(static b => new Q1Row(b.Auction, b.Bidder, 0.908m * b.Price, b.DateTime, b.Extra));

    /// <summary>q2: the bids on auctions whose id is a multiple of 123.</summary>
    public static IObservable<Q2Row> Q2(IObservable<NexmarkEvent> events) =>
        events.Bids().Where(static b => b.Auction % 123 == 0).Select(static b => new Q2Row(b.Auction, b.Price));

    /// <summary>q10: every bid as a row of the partitioned table (the partition is the sink's concern).</summary>
    public static IObservable<BidRow> Q10(IObservable<NexmarkEvent> events) =>
        events.Bids().Select(static b => new BidRow(b.Auction, b.Bidder, b.Price, b.DateTime, b.Extra));

    /// <summary>q13: every bid joined with the side input rows of <c>auction mod 10000</c>.</summary>
    public static IObservable<Q13Row> Q13(IObservable<NexmarkEvent> events) =>
        events.Bids().SelectMany(static b => SideInput.Lookup(b.Auction % SideInputLookup.KeyModulus).ToArray(),
            static (b, value) => new Q13Row(b.Auction, b.Bidder, b.Price, b.DateTime, value));

    /// <summary>q14: the bids in a price band, converted and classified, with the count_char UDF.</summary>
    public static IObservable<Q14Row> Q14(IObservable<NexmarkEvent> events) =>
        events.Bids()
            .Select(static b => (Bid: b, Euros: 0.908m * b.Price))
            .Where(static x => x.Euros > 1_000_000m && x.Euros < 50_000_000m)
            .Select(static x => new Q14Row(x.Bid.Auction, x.Bid.Bidder, x.Euros, Nexmark.Queries.Q14.BidTimeType(x.Bid.DateTime), x.Bid.DateTime,
                x.Bid.Extra, UserFunctions.CountChar(x.Bid.Extra, 'c')));

    /// <summary>q21: the bids with a channel id (CASE over the channel, else a regex over the url).</summary>
    public static IObservable<Q21Row> Q21(IObservable<NexmarkEvent> events) =>
        events.Bids()
            .Select(static b => new Q21Row(b.Auction, b.Bidder, b.Price, b.Channel, ChannelIds.Of(b.Channel, b.Url)))
            .Where(static r => r.ChannelId is not null);

    /// <summary>q22: every bid with the first three directories of its url.</summary>
    public static IObservable<Q22Row> Q22(IObservable<NexmarkEvent> events) =>
        events.Bids().Select(static b => new Q22Row(b.Auction, b.Bidder, b.Price, b.Channel,
            SplitIndex.Of(b.Url, '/', 3), SplitIndex.Of(b.Url, '/', 4), SplitIndex.Of(b.Url, '/', 5)));

    /// <summary>q5: per sliding window, the bid count of every auction, then the auctions at the window's maximum.</summary>
    public static IObservable<Q5Row> Q5(IObservable<NexmarkEvent> events) =>
        events.Bids().Publish(bids => bids
            .SelectMany(static b => HopStarts(b.DateTime), static (b, start) => (Start: start, b.Auction))
            .GroupByUntil(static x => x.Start, window => bids.FirstAsync(b => Watermark(b) >= window.Key + Q5Size - 1))
            .SelectMany(static window => window
                .GroupBy(static x => x.Auction)
                .SelectMany(static auction => auction.LongCount().Select(n => new Q5Row(auction.Key, n)))
                .ToList()
                .SelectMany(static counts => Hottest(counts))));

    /// <summary>q7: per tumbling window, the bids at its highest price; a bid exactly on the window's end is a candidate too (SQL's BETWEEN).</summary>
    public static IObservable<BidRow> Q7(IObservable<NexmarkEvent> events) =>
        events.Bids().Publish(bids => bids
            .SelectMany(static b => TumbleCandidates(b))
            .GroupByUntil(static x => x.End, window => bids.FirstAsync(b => Watermark(b) >= window.Key))
            .SelectMany(static window => window
                .Aggregate(new TopBids(), static (top, x) => top.Add(x.Bid, x.InWindow))
                .SelectMany(static top => top.Rows())));

    /// <summary>q8: persons who opened an auction in the tumbling window in which they registered.</summary>
    public static IObservable<Q8Row> Q8(IObservable<NexmarkEvent> events) =>
        events.Publish(all => all
            .Where(static e => e.Type != NexmarkEventType.Bid)
            .Select(static e => e.Type == NexmarkEventType.Person
                ? (Start: WindowStart(e.DateTime, Q8Size), Id: e.Person.Id, Name: e.Person.Name)
                : (Start: WindowStart(e.DateTime, Q8Size), Id: e.Auction.Seller, Name: (string?)null))
            .GroupByUntil(static x => x.Start, window => all.FirstAsync(e => e.DateTime - WatermarkDelay - 1 >= window.Key + Q8Size - 1))
            .SelectMany(static window => window
                .GroupBy(static x => x.Id)
                .SelectMany(person => person
                    .Aggregate(new NewSeller(), static (seller, x) => seller.Add(x.Name))
                    .SelectMany(seller => seller.Rows(person.Key, window.Key)))));

    /// <summary>q11: bids per bidder and session; a session closes when the bidder's next bid is past its end, or when the stream ends.</summary>
    public static IObservable<BidderWindowRow> Q11(IObservable<NexmarkEvent> events) =>
        events.Bids()
            .GroupBy(static b => b.Bidder)
            .SelectMany(static bidder => bidder
                .Scan(default(Session), (session, b) => session.Next(bidder.Key, b.DateTime))
                .Publish(sessions => sessions
                    .Where(static s => s.Closed is not null)
                    .Select(static s => s.Closed!.Value)
                    .Merge(sessions.LastAsync().Select(s => s.Open(bidder.Key)))));

    private static long Watermark(in Bid bid) => bid.DateTime - WatermarkDelay - 1;

    private static IEnumerable<long> HopStarts(long t)
    {
        for (long start = WindowStart(t, Q5Slide); start > t - Q5Size; start -= Q5Slide) yield return start;
    }

    private static IEnumerable<Q5Row> Hottest(IList<Q5Row> counts)
    {
        long max = counts.Max(static c => c.Num);
        return counts.Where(c => c.Num == max);
    }

    /// <summary>The window a bid belongs to (by its end), and the previous window when the bid lies exactly on that one's end.</summary>
    private static IEnumerable<(long End, Bid Bid, bool InWindow)> TumbleCandidates(Bid bid)
    {
        long start = WindowStart(bid.DateTime, Q7Size);
        yield return (start + Q7Size, bid, true);
        if (bid.DateTime == start) yield return (start, bid, false);
    }

    private sealed class TopBids
    {
        private readonly List<Bid> _atMax = [];
        private readonly List<Bid> _onEnd = [];
        private long _max = long.MinValue;

        public TopBids Add(in Bid bid, bool inWindow)
        {
            if (!inWindow)
            {
                _onEnd.Add(bid);
                return this;
            }
            if (bid.Price > _max)
            {
                _max = bid.Price;
                _atMax.Clear();
            }
            if (bid.Price == _max) _atMax.Add(bid);
            return this;
        }

        /// <summary>The positional INSERT of q7: the price goes to column bidder, the bidder to column price.</summary>
        public IEnumerable<BidRow> Rows() =>
            _atMax.Concat(_onEnd.Where(b => b.Price == _max)).Select(static b => new BidRow(b.Auction, b.Price, b.Bidder, b.DateTime, b.Extra));
    }

    private sealed class NewSeller
    {
        private readonly HashSet<string> _names = new(StringComparer.Ordinal);
        private bool _sold;

        public NewSeller Add(string? name)
        {
            if (name is null) _sold = true;
            else _names.Add(name);
            return this;
        }

        public IEnumerable<Q8Row> Rows(long id, long windowStart) =>
            _sold ? _names.Select(name => new Q8Row(id, name, windowStart)) : [];
    }

    private readonly record struct Session(long Start, long End, long Count, BidderWindowRow? Closed)
    {
        public Session Next(long bidder, long t) => Count > 0 && t <= End
            ? new Session(Start, Math.Max(End, t + Q11Gap), Count + 1, null)
            : new Session(t, t + Q11Gap, 1, Count > 0 ? Open(bidder) : null);

        public BidderWindowRow Open(long bidder) => new(bidder, Count, Start, End);
    }
}
