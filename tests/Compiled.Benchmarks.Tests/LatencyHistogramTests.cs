using Compiled.Benchmarks.Latency;

namespace Compiled.Benchmarks.Tests;

/// <summary>The latency histogram against exact percentiles of the same values.</summary>
public class LatencyHistogramTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void PercentilesAreWithinTheBucketPrecisionOfTheExactOnes(int seed)
    {
        var random = new Random(seed);
        // Log-uniform from 1 µs to 10 s: every bucket range is exercised.
        var values = Enumerable.Range(0, 50_000).Select(_ => (long)Math.Pow(10, random.NextDouble() * 7)).ToList();
        var histogram = new LatencyHistogram();
        foreach (long v in values) histogram.Record(v);
        values.Sort();

        Assert.Equal(values.Count, histogram.Count);
        Assert.Equal(values[^1], histogram.Max);
        Assert.Equal(values.Average(), histogram.Mean, precision: 3);
        foreach (double p in new[] { 0.1, 1, 10, 50, 90, 99, 99.9, 99.99, 100 })
        {
            long exact = values[(int)Math.Ceiling(p / 100 * values.Count) - 1];
            long reported = histogram.ValueAt(p);
            Assert.InRange(reported, exact, Math.Max(exact, (long)(exact * 1.016) + 1));
        }
    }

    [Fact]
    public void SmallValuesAreExactAndMergingAddsCounts()
    {
        var a = new LatencyHistogram();
        var b = new LatencyHistogram();
        for (int i = 1; i <= 100; i++) (i % 2 == 0 ? a : b).Record(i);
        a.Add(b);

        Assert.Equal(100, a.Count);
        Assert.Equal(50, a.ValueAt(50));
        Assert.Equal(99, a.ValueAt(99));
        Assert.Equal(100, a.ValueAt(100));
        Assert.Equal(0, new LatencyHistogram().ValueAt(50));
    }

    [Fact]
    public void NegativeLatenciesCountAsZero()
    {
        var histogram = new LatencyHistogram();
        histogram.Record(-5);
        Assert.Equal(0, histogram.ValueAt(100));
        Assert.Equal(1, histogram.Count);
    }
}
