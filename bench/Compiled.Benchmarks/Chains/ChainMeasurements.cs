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

    /// <summary>Runs the comparison: per variant the median time and the allocation per record.</summary>
    public static List<ChainResult> Run(int records, int rounds)
    {
        var bids = Bids(records);
        var q1 = (Compiled: new ChainHarness<Q1Row>(Q1.Build, false), Interpreted: new ChainHarness<Q1Row>(Q1.Build, true));
        var q2 = (Compiled: new ChainHarness<Q2Row>(Q2.Build, false), Interpreted: new ChainHarness<Q2Row>(Q2.Build, true));
        var q1Sink = new CountingRowSink<Q1Row>();
        var q2Sink = new CountingRowSink<Q2Row>();
        var variants = new (string Query, string Variant, int Operators, Action Run)[]
        {
            ("q1", "hand-written loop", 0, () => Q1Loop(bids)),
            ("q1", "hand-written loop + sink call", 0, () => Q1LoopToSink(bids, q1Sink)),
            ("q1", CompiledChain, q1.Compiled.OperatorCount, () => q1.Compiled.Push(bids)),
            ("q1", "interpreted chain", q1.Interpreted.OperatorCount, () => q1.Interpreted.Push(bids)),
            ("q2", "hand-written loop", 0, () => Q2Loop(bids)),
            ("q2", "hand-written loop + sink call", 0, () => Q2LoopToSink(bids, q2Sink)),
            ("q2", CompiledChain, q2.Compiled.OperatorCount, () => q2.Compiled.Push(bids)),
            ("q2", "interpreted chain", q2.Interpreted.OperatorCount, () => q2.Interpreted.Push(bids)),
        };
        foreach (var v in variants) v.Run(); // warm-up and tier-up
        foreach (var v in variants) v.Run();
        var times = variants.Select(_ => new List<double>()).ToArray();
        var allocated = new long[variants.Length];
        for (int r = 0; r < rounds; r++)
        {
            for (int i = 0; i < variants.Length; i++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                var sw = Stopwatch.StartNew();
                variants[i].Run();
                sw.Stop();
                allocated[i] = Math.Max(allocated[i], GC.GetAllocatedBytesForCurrentThread() - before);
                times[i].Add(sw.Elapsed.TotalNanoseconds / records);
            }
        }

        var results = new List<ChainResult>();
        for (int i = 0; i < variants.Length; i++)
        {
            double median = times[i].Order().ElementAt(rounds / 2);
            double loop = times[i / 4 * 4].Order().ElementAt(rounds / 2);
            results.Add(new ChainResult(variants[i].Query, variants[i].Variant, variants[i].Operators, median, median / loop, (double)allocated[i] / records));
        }
        return results;
    }
}
