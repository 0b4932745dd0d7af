using Compiled.Connectors.Nexmark;
using Nexmark.Queries;
using Nexmark.Queries.Functions;
using Nexmark.Rows;
using static Compiled.Benchmarks.Suite.QueryParameters;

namespace Compiled.Benchmarks.Loops;

/// <summary>
/// The practical limit: each query as a plain single-threaded C# loop over the same generator, with no engine.
/// Like the engine's source, every loop generates every event (persons, auctions, bids). Windows close on the
/// same watermark as the engine's (largest event time seen minus 4 s), so the loops handle the same disorder;
/// rows are counted (the engine's runs end in a counting sink, Nexmark's blackhole).
/// </summary>
public static class HandWrittenQueries
{
    /// <summary>No query: only generates the events (the floor of every variant's time); returns the number of events.</summary>
    public static long GenerateOnly(long events) => EventLoop.Run(events, new CountStep()).Events;

    /// <summary>q0: every bid as a row.</summary>
    public static long Q0(long events) => EventLoop.Run(events, new BidStep<Q0Rows>(default)).Rows;

    /// <summary>q1: every bid with its price in euros.</summary>
    public static long Q1(long events) => EventLoop.Run(events, new BidStep<Q1Rows>(default)).Rows;

    /// <summary>q2: the bids on auctions whose id is a multiple of 123.</summary>
    public static long Q2(long events) => EventLoop.Run(events, new BidStep<Q2Rows>(default)).Rows;

    /// <summary>q10: every bid as a row of the partitioned table, with its partition (the rows are counted, not written).</summary>
    public static long Q10(long events) => EventLoop.Run(events, new BidStep<Q10Rows>(default)).Rows;

    /// <summary>q13: every bid joined with the side input rows of <c>auction mod 10000</c>.</summary>
    public static long Q13(long events) => EventLoop.Run(events, new BidStep<Q13Rows>(new Q13Rows(SideInput))).Rows;

    /// <summary>q14: the bids in a price band, converted and classified, with the count_char UDF.</summary>
    public static long Q14(long events) => EventLoop.Run(events, new BidStep<Q14Rows>(default)).Rows;

    /// <summary>q21: the bids with a channel id (CASE over the channel, else a regex over the url).</summary>
    public static long Q21(long events) => EventLoop.Run(events, new BidStep<Q21Rows>(default)).Rows;

    /// <summary>q22: every bid with the first three directories of its url.</summary>
    public static long Q22(long events) => EventLoop.Run(events, new BidStep<Q22Rows>(default)).Rows;

    /// <summary>q5: per 10 s window sliding by 2 s, the auctions with the most bids (ties included).</summary>
    public static long Q5(long events) => EventLoop.Run(events, new Q5Step()).Finish();

    /// <summary>q7: per 10 s tumbling window, the bids at the window's highest price, a bid on the window's end included.</summary>
    public static long Q7(long events) => EventLoop.Run(events, new Q7Step()).Finish();

    /// <summary>q8: persons who opened an auction in the 10 s tumbling window in which they registered (one row per distinct name).</summary>
    public static long Q8(long events) => EventLoop.Run(events, new Q8Step()).Finish();

    /// <summary>q11: bids per bidder and session (10 s gap; sessions that touch merge).</summary>
    public static long Q11(long events) => EventLoop.Run(events, new Q11Step()).Finish();

    private struct CountStep() : IEventStep
    {
        public long Events;
        private long _checksum;

        public void OnEvent(in NexmarkEvent e)
        {
            _checksum += e.DateTime;
            Events++;
        }
    }

    /// <summary>What a stateless query makes of one bid: its rows, each consumed into a checksum so the JIT cannot drop them.</summary>
    private interface IBidRows
    {
        /// <summary>Returns the number of rows made of <paramref name="b"/>.</summary>
        int Rows(in Bid b, ref long checksum);
    }

    /// <summary>A stateless query: the bids of the event stream through <typeparamref name="TRows"/> (a struct, so inlined).</summary>
    private struct BidStep<TRows>(TRows rows) : IEventStep where TRows : struct, IBidRows
    {
        public long Rows;
        private long _checksum;

        public void OnEvent(in NexmarkEvent e)
        {
            if (e.Type == NexmarkEventType.Bid) Rows += rows.Rows(e.Bid, ref _checksum);
        }
    }

    private struct Q0Rows : IBidRows
    {
        public readonly int Rows(in Bid b, ref long checksum)
        {
            checksum += new BidRow(b.Auction, b.Bidder, b.Price, b.DateTime, b.Extra).Price;
            return 1;
        }
    }

    private struct Q1Rows : IBidRows
    {
        public readonly int Rows(in Bid b, ref long checksum)
        {
            checksum += new Q1Row(b.Auction, b.Bidder, 0.908m * b.Price, b.DateTime, b.Extra).Price.Scale;
            return 1;
        }
    }

    private struct Q2Rows : IBidRows
    {
        public readonly int Rows(in Bid b, ref long checksum)
        {
            if (b.Auction % 123 != 0) return 0;
            checksum ^= new Q2Row(b.Auction, b.Price).Price;
            return 1;
        }
    }

    private struct Q10Rows : IBidRows
    {
        public readonly int Rows(in Bid b, ref long checksum)
        {
            checksum += Nexmark.Queries.Q10.PartitionOf(new BidRow(b.Auction, b.Bidder, b.Price, b.DateTime, b.Extra));
            return 1;
        }
    }

    private readonly struct Q13Rows(SideInputTable table) : IBidRows
    {
        public int Rows(in Bid b, ref long checksum)
        {
            int rows = 0;
            foreach (string value in table.Lookup(b.Auction % SideInputLookup.KeyModulus))
            {
                checksum += new Q13Row(b.Auction, b.Bidder, b.Price, b.DateTime, value).Value.Length;
                rows++;
            }
            return rows;
        }
    }

    private struct Q14Rows : IBidRows
    {
        public readonly int Rows(in Bid b, ref long checksum)
        {
            decimal euros = 0.908m * b.Price;
            if (euros <= 1_000_000m || euros >= 50_000_000m) return 0;
            checksum += new Q14Row(b.Auction, b.Bidder, euros, Nexmark.Queries.Q14.BidTimeType(b.DateTime), b.DateTime, b.Extra, UserFunctions.CountChar(b.Extra, 'c')).CharCount;
            return 1;
        }
    }

    private struct Q21Rows : IBidRows
    {
        public readonly int Rows(in Bid b, ref long checksum)
        {
            if (ChannelIds.Of(b.Channel, b.Url) is not { } channelId) return 0;
            checksum += new Q21Row(b.Auction, b.Bidder, b.Price, b.Channel, channelId).ChannelId!.Length;
            return 1;
        }
    }

    private struct Q22Rows : IBidRows
    {
        public readonly int Rows(in Bid b, ref long checksum)
        {
            checksum += new Q22Row(b.Auction, b.Bidder, b.Price, b.Channel, SplitIndex.Of(b.Url, '/', 3), SplitIndex.Of(b.Url, '/', 4), SplitIndex.Of(b.Url, '/', 5)).Dir1?.Length ?? 0;
            return 1;
        }
    }

    /// <summary>Windows keyed by start; fired in start order once the watermark passes their last millisecond.</summary>
    private struct Q5Step() : IEventStep
    {
        private readonly Dictionary<long, Dictionary<long, long>> _windows = [];
        private readonly Stack<Dictionary<long, long>> _free = new();
        private long _nextToFire = long.MinValue;
        private long _rows;

        public void OnEvent(in NexmarkEvent e)
        {
            if (e.Type != NexmarkEventType.Bid) return;
            long t = e.Bid.DateTime, auction = e.Bid.Auction;
            long lastStart = WindowStart(t, Q5Slide);
            if (_nextToFire == long.MinValue) _nextToFire = lastStart - Q5Size + Q5Slide;
            for (long start = lastStart; start > t - Q5Size; start -= Q5Slide)
            {
                if (!_windows.TryGetValue(start, out var counts)) _windows[start] = counts = _free.Count > 0 ? _free.Pop() : [];
                counts[auction] = counts.GetValueOrDefault(auction) + 1;
            }
            Fire(t - WatermarkDelay - 1);
        }

        private void Fire(long watermark)
        {
            for (; _windows.Count > 0 && _nextToFire + Q5Size - 1 <= watermark; _nextToFire += Q5Slide)
            {
                if (!_windows.Remove(_nextToFire, out var counts)) continue;
                long max = 0;
                foreach (long c in counts.Values) max = Math.Max(max, c);
                foreach (long c in counts.Values) if (c == max) _rows++;
                counts.Clear();
                _free.Push(counts);
            }
        }

        public long Finish()
        {
            Fire(long.MaxValue / 2);
            return _rows;
        }
    }

    private sealed class TopBids
    {
        public long Max = long.MinValue;
        public readonly List<Bid> AtMax = [];
        public readonly List<Bid> OnEnd = [];
    }

    /// <summary>Per window the bids at the highest price so far, and the bids exactly on its end (SQL's inclusive BETWEEN).</summary>
    private struct Q7Step() : IEventStep
    {
        private readonly Dictionary<long, TopBids> _windows = [];
        private long _nextToFire = long.MinValue;
        private long _rows;

        public void OnEvent(in NexmarkEvent e)
        {
            if (e.Type != NexmarkEventType.Bid) return;
            var bid = e.Bid;
            long start = WindowStart(bid.DateTime, Q7Size);
            if (_nextToFire == long.MinValue) _nextToFire = start;
            if (!_windows.TryGetValue(start, out var top)) _windows[start] = top = new TopBids();
            if (bid.Price > top.Max)
            {
                top.Max = bid.Price;
                top.AtMax.Clear();
            }
            if (bid.Price == top.Max) top.AtMax.Add(bid);
            if (bid.DateTime == start && _windows.TryGetValue(start - Q7Size, out var previous)) previous.OnEnd.Add(bid);
            Fire(bid.DateTime - WatermarkDelay - 1);
        }

        private void Fire(long watermark)
        {
            for (; _windows.Count > 0 && _nextToFire + Q7Size <= watermark; _nextToFire += Q7Size)
            {
                if (!_windows.Remove(_nextToFire, out var top)) continue;
                _rows += top.AtMax.Count;
                foreach (var bid in top.OnEnd) if (bid.Price == top.Max) _rows++;
            }
        }

        public long Finish()
        {
            Fire(long.MaxValue / 2);
            return _rows;
        }
    }

    private sealed class NewSeller
    {
        public HashSet<string>? Names;
        public bool Sold;
    }

    /// <summary>Per window and person id: the distinct names it registered with and whether it opened an auction.</summary>
    private struct Q8Step() : IEventStep
    {
        private readonly Dictionary<long, Dictionary<long, NewSeller>> _windows = [];
        private long _nextToFire = long.MinValue;
        private long _rows;

        public void OnEvent(in NexmarkEvent e)
        {
            long t = e.DateTime;
            if (e.Type != NexmarkEventType.Bid)
            {
                long start = WindowStart(t, Q8Size);
                if (_nextToFire == long.MinValue) _nextToFire = start;
                if (!_windows.TryGetValue(start, out var ids)) _windows[start] = ids = [];
                long id = e.Type == NexmarkEventType.Person ? e.Person.Id : e.Auction.Seller;
                if (!ids.TryGetValue(id, out var seller)) ids[id] = seller = new NewSeller();
                if (e.Type == NexmarkEventType.Person) (seller.Names ??= new HashSet<string>(StringComparer.Ordinal)).Add(e.Person.Name);
                else seller.Sold = true;
            }
            Fire(t - WatermarkDelay - 1);
        }

        private void Fire(long watermark)
        {
            for (; _windows.Count > 0 && _nextToFire + Q8Size - 1 <= watermark; _nextToFire += Q8Size)
            {
                if (!_windows.Remove(_nextToFire, out var ids)) continue;
                foreach (var seller in ids.Values) if (seller.Sold && seller.Names is { } names) _rows += names.Count;
            }
        }

        public long Finish()
        {
            Fire(long.MaxValue / 2);
            return _rows;
        }
    }

    private record struct Session(long Start, long End);

    /// <summary>
    /// The open session of every bidder; a bid that does not touch it closes it. Every 4096 events the sessions the
    /// watermark has passed are closed too, so state stays bounded by the active bidders, as the engine's timers keep it.
    /// </summary>
    private struct Q11Step() : IEventStep
    {
        private readonly Dictionary<long, Session> _open = [];
        private long _maxTime = long.MinValue;
        private long _events;
        private long _rows;

        public void OnEvent(in NexmarkEvent e)
        {
            if (++_events % 4096 == 0) CloseUpTo(_maxTime - WatermarkDelay - 1);
            if (e.Type != NexmarkEventType.Bid) return;
            long t = e.Bid.DateTime;
            _maxTime = Math.Max(_maxTime, t);
            ref var session = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_open, e.Bid.Bidder, out bool exists);
            if (exists && t <= session.End && t + Q11Gap >= session.Start)
            {
                session = new Session(Math.Min(session.Start, t), Math.Max(session.End, t + Q11Gap));
                return;
            }
            if (exists) _rows++;
            session = new Session(t, t + Q11Gap);
        }

        private void CloseUpTo(long watermark)
        {
            foreach (var (bidder, session) in _open)
            {
                if (session.End > watermark) continue;
                _open.Remove(bidder);
                _rows++;
            }
        }

        public long Finish() => _rows + _open.Count;
    }
}
