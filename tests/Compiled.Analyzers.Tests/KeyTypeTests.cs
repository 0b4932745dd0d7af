namespace Compiled.Analyzers.Tests;

public sealed class KeyTypeTests
{
    private const string Id = "CMP0011";

    [Fact]
    public void Reports_floating_point_and_mutable_keys()
    {
        var diagnostics = AnalyzerHarness.Verify("""
            public sealed class Bucket { public long Id { get; set; } }
            public record Trade(double Price, float Size, long Id, Bucket Bucket, long[] Legs);

            public static class Job
            {
                public static void Define(DataStream<Trade> trades, DataStream<Bucket> buckets, KeySerializer<Bucket> bucketKeys)
                {
                    _ = trades.KeyBy([|static t =>|] t.Price);
                    _ = trades.KeyBy([|static t =>|] (t.Id, t.Size), null!);
                    _ = trades.KeyBy([|static t =>|] t.Bucket, bucketKeys);
                    _ = trades.KeyBy([|static t =>|] t.Legs, null!);
                    trades.Connect(buckets).KeyBy([|static t =>|] t.Price, static b => (double)b.Id);
                }
            }
            """, Id);
        Assert.Contains("Key type 'double' is floating-point", diagnostics[0].GetMessage());
        Assert.Contains("'Id' can change", diagnostics[2].GetMessage());
    }

    [Fact]
    public void Accepts_integral_string_and_immutable_keys()
    {
        AnalyzerHarness.Verify("""
            public sealed record Region(string Name, int Zone);
            public record Trade(double Price, long Id, string Symbol, Region Region, decimal Notional);

            public static class Job
            {
                public static void Define(DataStream<Trade> trades, KeySerializer<Region> regionKeys)
                {
                    _ = trades.KeyBy(static t => t.Id);
                    _ = trades.KeyBy(static t => t.Symbol);
                    _ = trades.KeyBy(static t => (t.Symbol, t.Id));
                    _ = trades.KeyBy(static t => t.Region, regionKeys);
                    _ = trades.KeyBy(static t => (long)(t.Price * 100));
                }
            }
            """, Id);
    }
}
