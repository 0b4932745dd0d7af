using Compiled.Cluster;

namespace Compiled.Tests.Cluster;

public class RestartStrategyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static List<DateTimeOffset> Failures(params int[] seconds) => [.. seconds.Select(s => T0.AddSeconds(s))];

    [Fact]
    public void NoneNeverRestarts() => Assert.False(RestartStrategy.None.ShouldRestart(Failures(0), out _));

    [Fact]
    public void FixedDelayRestartsAGivenNumberOfTimes()
    {
        var strategy = RestartStrategy.FixedDelay(2, TimeSpan.FromSeconds(3));
        Assert.True(strategy.ShouldRestart(Failures(0), out var delay));
        Assert.Equal(TimeSpan.FromSeconds(3), delay);
        Assert.True(strategy.ShouldRestart(Failures(0, 5), out _));
        Assert.False(strategy.ShouldRestart(Failures(0, 5, 9), out _));
    }

    [Fact]
    public void ExponentialBackoffGrowsUpToTheMaximum()
    {
        var strategy = RestartStrategy.ExponentialBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), multiplier: 2, attempts: 5);
        var delays = Enumerable.Range(1, 5).Select(n => { strategy.ShouldRestart(Failures(new int[n]), out var d); return d.TotalMilliseconds; });
        Assert.Equal([100.0, 200, 400, 500, 500], delays);
        Assert.False(strategy.ShouldRestart(Failures(new int[6]), out _));
    }

    [Fact]
    public void FailureRateStopsWhenTooManyFailuresFallInTheInterval()
    {
        var strategy = RestartStrategy.FailureRate(maxFailures: 2, interval: TimeSpan.FromSeconds(60), delay: TimeSpan.Zero);
        Assert.True(strategy.ShouldRestart(Failures(0, 30), out _));
        Assert.False(strategy.ShouldRestart(Failures(0, 30, 50), out _));
        Assert.True(strategy.ShouldRestart(Failures(0, 30, 100), out _)); // the first fell out of the interval
    }

    [Fact]
    public void BadSettingsFailWithAMessage()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => RestartStrategy.FixedDelay(-1, TimeSpan.Zero));
        Assert.Contains("must not be negative", error.Message);
    }
}
