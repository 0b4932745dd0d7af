using System.Diagnostics;
using Compiled.Api;
using Compiled.Cluster;
using Compiled.Connectors;
using Compiled.Connectors.Nexmark;
using Compiled.EventTime;

namespace Compiled.Tests.Connectors;

/// <summary>A source's rate cap: it spreads the input over time and loses nothing.</summary>
public class SourceRateLimitTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void ACappedSourceEmitsEverythingAndTakesAtLeastItsShareOfTime(int parallelism)
    {
        // 20000 records at 20000/s take a second, less what the last batch of each subtask (up to 1024 records) overshoots:
        // at least 0.79 s at parallelism 4. A loaded machine only makes it slower, never faster.
        const int Records = 20_000;
        var clock = Stopwatch.StartNew();
        var capped = Run(parallelism, Records, maxRecordsPerSecond: 20_000);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.75), $"{Records} records at 20000/s took only {clock.Elapsed.TotalSeconds:0.000} s");
        Assert.Equal(Records, capped.Count);
        Assert.Equal(Run(parallelism, Records, double.PositiveInfinity), capped);
    }

    /// <summary>The generator's events at <paramref name="parallelism"/>, as sorted (event time, type) pairs.</summary>
    private static List<(long, NexmarkEventType)> Run(int parallelism, int events, double maxRecordsPerSecond)
    {
        var env = new StreamEnvironment(new ExecutionConfig { Parallelism = parallelism });
        var sink = new CollectSink<(long, NexmarkEventType)>();
        env.FromSource(NexmarkSource.Events(new NexmarkGeneratorConfig { EventCount = events }), WatermarkStrategy.NoWatermarks<NexmarkEvent>(), "capped",
            maxRecordsPerSecond: maxRecordsPerSecond).Map(static e => (e.DateTime, e.Type)).SinkTo(sink);
        env.Execute();
        return [.. sink.Results.Order()];
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(double.NaN)]
    public void ARateCapThatIsNotPositiveIsRefusedWhenTheJobIsDefined(double rate)
    {
        var env = new StreamEnvironment();
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            env.FromSource(new CollectionSource<long>([1]), WatermarkStrategy.NoWatermarks<long>(), maxRecordsPerSecond: rate));
        Assert.Contains("must be positive", error.Message, StringComparison.Ordinal);
    }
}
