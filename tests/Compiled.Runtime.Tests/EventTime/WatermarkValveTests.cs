using Compiled.Network;

namespace Compiled.Tests.EventTime;

public class WatermarkValveTests
{
    private static long? Watermark(WatermarkValve valve, int channel, long watermark) =>
        valve.OnWatermark(channel, watermark, out long combined) ? combined : null;

    [Fact]
    public void CombinedWatermarkIsTheMinimumOverChannels()
    {
        var valve = new WatermarkValve(3);
        Assert.Null(Watermark(valve, 0, 10));
        Assert.Null(Watermark(valve, 1, 20));
        Assert.Equal(5, Watermark(valve, 2, 5));
        Assert.Equal(10, Watermark(valve, 2, 30));
        Assert.Equal(20, Watermark(valve, 0, 25));
        Assert.Equal(20, valve.Current);
    }

    [Fact]
    public void OnlyAdvancesAreEmitted()
    {
        var valve = new WatermarkValve(2);
        Assert.Equal(10, Watermark(valve, 0, 10) ?? Watermark(valve, 1, 10));
        Assert.Null(Watermark(valve, 0, 10));
        Assert.Null(Watermark(valve, 0, 3));
        Assert.Null(Watermark(valve, 1, 8));
        Assert.Equal(10, valve.Current);
    }

    [Fact]
    public void ChannelWatermarksNeverGoBackwards()
    {
        var valve = new WatermarkValve(2);
        Watermark(valve, 0, 50);
        Watermark(valve, 0, 20);
        Assert.Equal(50, Watermark(valve, 1, 60));
    }

    [Fact]
    public void IdleChannelsAreExcludedFromTheMinimum()
    {
        var valve = new WatermarkValve(3);
        Watermark(valve, 0, 10);
        Watermark(valve, 1, 40);
        Assert.Null(valve.OnStatus(2, idle: true, out bool advanced, out long combined));
        Assert.True(advanced);
        Assert.Equal(10, combined);

        Assert.Null(valve.OnStatus(0, idle: true, out advanced, out combined));
        Assert.True(advanced);
        Assert.Equal(40, combined);
    }

    [Fact]
    public void AnIdleChannelRejoinsWhenItEmitsAWatermark()
    {
        var valve = new WatermarkValve(2);
        Watermark(valve, 0, 10);
        valve.OnStatus(1, idle: true, out _, out _);
        Assert.Equal(10, valve.Current);
        Assert.Equal(15, Watermark(valve, 1, 15) ?? Watermark(valve, 0, 20));
        Assert.Null(Watermark(valve, 0, 30));
        Assert.Equal(30, Watermark(valve, 1, 30));
    }

    [Fact]
    public void ValveReportsIdleOnlyWhenAllChannelsAreIdle()
    {
        var valve = new WatermarkValve(2);
        Assert.Null(valve.OnStatus(0, idle: true, out _, out _));
        Assert.False(valve.IsIdle);
        Assert.True(valve.OnStatus(1, idle: true, out _, out _));
        Assert.True(valve.IsIdle);
        Assert.False(valve.OnStatus(1, idle: false, out _, out _));
        Assert.False(valve.IsIdle);
    }

    [Fact]
    public void WhenTheLastActiveChannelGoesIdleTheHighestWatermarkIsFlushed()
    {
        // As Flink's StatusWatermarkValve: once nothing is active, no channel can hold the others back any more.
        var valve = new WatermarkValve(2);
        Watermark(valve, 0, 100);
        valve.OnStatus(0, idle: true, out _, out _);
        Assert.True(valve.OnStatus(1, idle: true, out bool advanced, out long combined));
        Assert.True(advanced);
        Assert.Equal(100, combined);
        Assert.Equal(100, valve.Current);
    }

    [Fact]
    public void EndOfPartitionCountsAsInfiniteWatermark()
    {
        var valve = new WatermarkValve(2);
        Watermark(valve, 0, 10);
        Assert.Equal(5, Watermark(valve, 1, 5));
        Assert.True(valve.OnEndOfPartition(1, out long afterFirst));
        Assert.Equal(10, afterFirst);
        Assert.True(valve.OnEndOfPartition(0, out long combined));
        Assert.Equal(long.MaxValue, combined);
    }

    [Fact]
    public void AFinishedChannelCannotBeMarkedIdle()
    {
        var valve = new WatermarkValve(2);
        valve.OnEndOfPartition(0, out _);
        Assert.Null(valve.OnStatus(0, idle: true, out _, out _));
        Assert.Equal(50, Watermark(valve, 1, 50));
    }
}
