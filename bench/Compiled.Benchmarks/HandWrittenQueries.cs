using Compiled.Connectors.Nexmark;

namespace Compiled.Benchmarks;

/// <summary>
/// The practical limit: each query as a plain single-threaded C# loop over the same generator, with
/// no engine at all. Like the engine's source it generates every event (persons, auctions, bids) and
/// keeps the bids. Rows are counted (the engine runs write to a counting sink, Nexmark's blackhole).
/// </summary>
internal static class HandWrittenQueries
{
    private const long WatermarkDelay = 4000;

    public static long Run(string query, NexmarkGeneratorConfig config) => query switch
    {
        "q0" => Stateless(config, static (in Bid b, ref long acc) => { acc += b.Price; return true; }),
        "q1" => Stateless(config, static (in Bid b, ref long acc) => { acc += (long)(0.908m * b.Price); return true; }),
        "q2" => Stateless(config, static (in Bid b, ref long acc) => b.Auction % 123 == 0),
        "q5" => Q5(config),
        "q7" => Q7(config),
        _ => throw new ArgumentException($"No hand-written loop for {query}."),
    };

    private delegate bool BidStep(in Bid bid, ref long accumulator);

    private static long Stateless(NexmarkGeneratorConfig config, BidStep step)
    {
        var generator = new NexmarkGenerator(config);
        long rows = 0, acc = 0;
        for (long n = 0; n < config.EventCount; n++)
        {
            var e = generator.Generate(n);
            if (e.Type != NexmarkEventType.Bid) continue;
            var bid = e.Bid;
            if (step(bid, ref acc)) rows++;
        }
        GC.KeepAlive(acc);
        return rows;
    }

    /// <summary>Hot items: bids per auction in 10 s windows sliding by 2 s; auctions with the maximum count per window.</summary>
    private static long Q5(NexmarkGeneratorConfig config)
    {
        var generator = new NexmarkGenerator(config);
        var windows = new SortedDictionary<long, Dictionary<long, long>>();
        long rows = 0;
        for (long n = 0; n < config.EventCount; n++)
        {
            var e = generator.Generate(n);
            if (e.Type != NexmarkEventType.Bid) continue;
            var bid = e.Bid;
            long lastStart = bid.DateTime - Mod(bid.DateTime, 2000);
            for (long start = lastStart; start > bid.DateTime - 10_000; start -= 2000)
            {
                if (!windows.TryGetValue(start, out var counts)) windows[start] = counts = [];
                counts[bid.Auction] = counts.GetValueOrDefault(bid.Auction) + 1;
            }
            rows += FireQ5(windows, bid.DateTime - WatermarkDelay - 1);
        }
        return rows + FireQ5(windows, long.MaxValue);
    }

    private static long FireQ5(SortedDictionary<long, Dictionary<long, long>> windows, long watermark)
    {
        long rows = 0;
        while (windows.Count > 0)
        {
            var (start, counts) = windows.First();
            if (start + 10_000 - 1 > watermark) break;
            windows.Remove(start);
            long max = counts.Values.Max();
            foreach (var c in counts.Values) if (c >= max) rows++;
        }
        return rows;
    }

    /// <summary>Highest bid: the bids with the maximum price of each 10 s tumbling window.</summary>
    private static long Q7(NexmarkGeneratorConfig config)
    {
        var generator = new NexmarkGenerator(config);
        var windows = new SortedDictionary<long, (long Max, List<Bid> Bids)>();
        long rows = 0;
        for (long n = 0; n < config.EventCount; n++)
        {
            var e = generator.Generate(n);
            if (e.Type != NexmarkEventType.Bid) continue;
            var bid = e.Bid;
            long start = bid.DateTime - Mod(bid.DateTime, 10_000);
            if (!windows.TryGetValue(start, out var w)) w = (long.MinValue, []);
            if (bid.Price > w.Max) { w.Max = bid.Price; w.Bids.Clear(); }
            if (bid.Price == w.Max) w.Bids.Add(bid);
            windows[start] = w;
            rows += FireQ7(windows, bid.DateTime - WatermarkDelay - 1);
        }
        return rows + FireQ7(windows, long.MaxValue);
    }

    private static long FireQ7(SortedDictionary<long, (long Max, List<Bid> Bids)> windows, long watermark)
    {
        long rows = 0;
        while (windows.Count > 0)
        {
            var (start, w) = windows.First();
            if (start + 10_000 - 1 > watermark) break;
            windows.Remove(start);
            rows += w.Bids.Count;
        }
        return rows;
    }

    private static long Mod(long value, long size) => ((value % size) + size) % size;
}
