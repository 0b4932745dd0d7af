using System.Diagnostics;
using Compiled.Benchmarks.Report;
using Compiled.Connectors.Nexmark;
using Nexmark.Queries;
using Nexmark.Rows;

namespace Compiled.Benchmarks.Chains;

/// <summary>
/// The chain comparison without BenchmarkDotNet's process-per-benchmark machinery: loop vs compiled vs
/// interpreted, interleaved rounds in one process, plus allocated bytes per record measured with
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/> (BenchmarkDotNet hides allocations under 8 KB).
/// </summary>
internal static class ChainMeasurements
{
    /// <summary>Name of the generator-compiled chain's variant.</summary>
    public const string CompiledChain = "compiled chain";

    /// <summary>Name of the interpreted chain's variant.</summary>
    public const string InterpretedChain = "interpreted chain";

    /// <summary>Name of the hand-written loop that stores its rows in a batch.</summary>
    public const string LoopIntoBatch = "hand-written loop into a batch";

    /// <summary>Distinct bids per round by default: 8 exchange batches (about 0.5 MB), which stay in the caches.</summary>
    public const int DefaultDistinct = 4096;

    private static void Repeat(int times, Action run)
    {
        for (int i = 0; i < times; i++) run();
    }

    public static Bid[] Bids(int count)
    {
        var generator = new NexmarkGenerator(new NexmarkGeneratorConfig { EventCount = count * 2L });
        var bids = new List<Bid>(count);
        for (long n = 0; bids.Count < count; n++)
            if (generator.TypeOf(n) == NexmarkEventType.Bid) bids.Add(generator.GenerateBid(n));
        return [.. bids];
    }

    public static long Q1Loop(Bid[] bids)
    {
        long rows = 0, checksum = 0;
        foreach (ref readonly var b in bids.AsSpan())
        {
            var row = new Q1Row(b.Auction, b.Bidder, 0.908m * b.Price, b.DateTime, b.Extra);
            checksum += row.Price.Scale; // consumes the computed price cheaply, so the JIT cannot drop the multiplication
            rows++;
        }
        GC.KeepAlive(checksum);
        return rows;
    }

    /// <summary>A consumer of rows behind a virtual call: what a hand-written program pays to hand each row on.</summary>
    public abstract class RowSink<T>
    {
        public abstract void Accept(in T row);
    }

    private sealed class CountingRowSink<T> : RowSink<T>
    {
        public long Count;
        public override void Accept(in T row) => Count++;
    }

    public static long Q1LoopToSink(Bid[] bids, RowSink<Q1Row> sink)
    {
        foreach (ref readonly var b in bids.AsSpan())
            sink.Accept(new Q1Row(b.Auction, b.Bidder, 0.908m * b.Price, b.DateTime, b.Extra));
        return bids.Length;
    }

    /// <summary>q1's loop storing each row in an exchange-sized batch, as a chain writing to the next exchange does.</summary>
    public static long Q1LoopToBatch(Bid[] bids, Q1Row[] batch)
    {
        int n = 0;
        foreach (ref readonly var b in bids.AsSpan())
        {
            batch[n] = new Q1Row(b.Auction, b.Bidder, 0.908m * b.Price, b.DateTime, b.Extra);
            if (++n == batch.Length) n = 0;
        }
        return bids.Length;
    }

    /// <summary>q2's loop storing each row in an exchange-sized batch.</summary>
    public static long Q2LoopToBatch(Bid[] bids, Q2Row[] batch)
    {
        int n = 0;
        foreach (ref readonly var b in bids.AsSpan())
        {
            if (b.Auction % 123 != 0) continue;
            batch[n] = new Q2Row(b.Auction, b.Price);
            if (++n == batch.Length) n = 0;
        }
        return n;
    }

    public static long Q2LoopToSink(Bid[] bids, RowSink<Q2Row> sink)
    {
        long rows = 0;
        foreach (ref readonly var b in bids.AsSpan())
        {
            if (b.Auction % 123 != 0) continue;
            sink.Accept(new Q2Row(b.Auction, b.Price));
            rows++;
        }
        return rows;
    }

    public static long Q2Loop(Bid[] bids)
    {
        long rows = 0, checksum = 0;
        foreach (ref readonly var b in bids.AsSpan())
        {
            if (b.Auction % 123 != 0) continue;
            var row = new Q2Row(b.Auction, b.Price);
            checksum ^= row.Price;
            rows++;
        }
        GC.KeepAlive(checksum);
        return rows;
    }

    /// <summary>
    /// Runs the comparison: per variant the median time and the allocation per record. Each round pushes
    /// <paramref name="records"/> records: <paramref name="distinct"/> different bids, repeated. A small set stays in the
    /// CPU caches, as a batch just written by the previous task does; a set of millions measures memory bandwidth instead.
    /// </summary>
    public static List<ChainResult> Run(int records, int rounds, int distinct = DefaultDistinct)
    {
        var bids = Bids(Math.Min(distinct, records));
        int repeats = Math.Max(1, records / bids.Length);
        records = repeats * bids.Length;
        var q1 = (Compiled: new ChainHarness<Q1Row>(Q1.Build, false), Interpreted: new ChainHarness<Q1Row>(Q1.Build, true));
        var q2 = (Compiled: new ChainHarness<Q2Row>(Q2.Build, false), Interpreted: new ChainHarness<Q2Row>(Q2.Build, true));
        var q1Sink = new CountingRowSink<Q1Row>();
        var q2Sink = new CountingRowSink<Q2Row>();
        var q1Batch = new Q1Row[512];
        var q2Batch = new Q2Row[512];
        var variants = new (string Query, string Variant, int Operators, Action Run)[]
        {
            ("q1", "hand-written loop", 0, () => Q1Loop(bids)),
            ("q1", "hand-written loop + sink call", 0, () => Q1LoopToSink(bids, q1Sink)),
            ("q1", LoopIntoBatch, 0, () => Q1LoopToBatch(bids, q1Batch)),
            ("q1", CompiledChain, q1.Compiled.OperatorCount, () => q1.Compiled.Push(bids)),
            ("q1", InterpretedChain, q1.Interpreted.OperatorCount, () => q1.Interpreted.Push(bids)),
            ("q2", "hand-written loop", 0, () => Q2Loop(bids)),
            ("q2", "hand-written loop + sink call", 0, () => Q2LoopToSink(bids, q2Sink)),
            ("q2", LoopIntoBatch, 0, () => Q2LoopToBatch(bids, q2Batch)),
            ("q2", CompiledChain, q2.Compiled.OperatorCount, () => q2.Compiled.Push(bids)),
            ("q2", InterpretedChain, q2.Interpreted.OperatorCount, () => q2.Interpreted.Push(bids)),
        };
        // Warm-up until every variant runs its tier-1 code: per-batch methods are called 2,048 times per round, not a million,
        // so they reach the JIT's call-count threshold later; a busy machine delays the background compilation further.
        var warmup = Stopwatch.StartNew();
        for (int pass = 0; pass < 3 || warmup.Elapsed < TimeSpan.FromSeconds(2); pass++)
        {
            foreach (var v in variants) Repeat(repeats, v.Run);
            if (pass == 2) Thread.Sleep(200);
        }
        var times = variants.Select(_ => new List<double>()).ToArray();
        var allocated = new long[variants.Length];
        for (int r = 0; r < rounds; r++)
        {
            for (int i = 0; i < variants.Length; i++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                var sw = Stopwatch.StartNew();
                Repeat(repeats, variants[i].Run); // the variant's own delegate: no closure per round
                sw.Stop();
                allocated[i] = Math.Max(allocated[i], GC.GetAllocatedBytesForCurrentThread() - before);
                times[i].Add(sw.Elapsed.TotalNanoseconds / records);
            }
        }

        var results = new List<ChainResult>();
        for (int i = 0; i < variants.Length; i++)
        {
            double median = times[i].Order().ElementAt(rounds / 2);
            int first = Array.FindIndex(variants, v => v.Query == variants[i].Query); // the plain loop comes first per query
            double loop = times[first].Order().ElementAt(rounds / 2);
            results.Add(new ChainResult(variants[i].Query, variants[i].Variant, variants[i].Operators, median, median / loop, (double)allocated[i] / records));
        }
        return results;
    }
}
