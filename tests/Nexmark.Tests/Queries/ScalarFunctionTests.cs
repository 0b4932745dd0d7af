namespace Nexmark.Tests.Queries;

using Nexmark.Queries;
using Nexmark.Queries.Functions;

/// <summary>The SQL functions the queries re-implement, on the edge cases that generated events rarely produce.</summary>
public class ScalarFunctionTests
{
    [Theory]
    [InlineData("https://www.nexmark.com/a/b/c/item.htm?query=1", 3, "a")]
    [InlineData("https://www.nexmark.com/a/b/c/item.htm?query=1", 5, "c")]
    [InlineData("https://www.nexmark.com/a/b/c/item.htm?query=1", 6, "item.htm?query=1")]
    [InlineData("https://www.nexmark.com/a/b/c/item.htm?query=1", 7, null)]
    [InlineData("https://h//b", 1, "")]
    [InlineData("https://h//b", 3, "")]
    [InlineData("a/", 1, "")]
    [InlineData("no-separator", 0, "no-separator")]
    [InlineData("no-separator", 1, null)]
    [InlineData("a/b", -1, null)]
    [InlineData("", 0, null)]
    [InlineData(null, 0, null)]
    public void SplitIndexKeepsEmptyPiecesAndIsNullOutOfRange(string? text, int index, string? expected)
    {
        Assert.Equal(expected, SplitIndex.Of(text, '/', index));
    }

    [Theory]
    [InlineData("Apple", "https://x?channel_id=5", "0")]
    [InlineData("GOOGLE", "u", "1")]
    [InlineData("faceBook", "u", "2")]
    [InlineData("Baidu", "u", "3")]
    [InlineData("channel-1", "https://x/item.htm?query=1&channel_id=123", "123")]
    [InlineData("channel-1", "https://x/item.htm?query=1&channel_id=12&channel_id=34", "12")]
    [InlineData("channel-1", "channel_id=7", "7")]
    [InlineData("channel-1", "https://x/item.htm?query=1&channel_id=", "")]
    [InlineData("channel-1", "https://x/item.htm?channel_id=9", null)]
    [InlineData("channel-1", "https://x/item.htm?query=1&xchannel_id=9", null)]
    [InlineData("apples", "u", null)]
    public void ChannelIdsFollowTheCaseThenTheUrlParameter(string channel, string url, string? expected)
    {
        Assert.Equal(expected, ChannelIds.Of(channel, url));
    }

    [Theory]
    [InlineData("cacc", 'c', 3)]
    [InlineData("CcÇç", 'c', 1)]
    [InlineData("", 'c', 0)]
    [InlineData(null, 'c', 0)]
    public void CountCharCountsTheCharacter(string? text, char character, long expected)
    {
        Assert.Equal(expected, UserFunctions.CountChar(text, character));
    }

    [Theory]
    [InlineData(0L, 0, 0L)]
    [InlineData(86_399_999L, 23, 0L)]
    [InlineData(-1L, 23, -86_400_000L)]               // 1969-12-31 23:59:59.999
    [InlineData(1_767_225_600_000L + 7 * 3_600_000, 7, 1_767_225_600_000L)]
    public void CalendarPartsAreUtcAndFloorBeforeTheEpoch(long epochMillis, int hour, long dayStart)
    {
        Assert.Equal(hour, Calendar.HourOfDay(epochMillis));
        Assert.Equal(dayStart, Calendar.DayStart(epochMillis));
    }

    [Theory]
    [InlineData(6, "nightTime")]
    [InlineData(7, "otherTime")]
    [InlineData(8, "dayTime")]
    [InlineData(18, "dayTime")]
    [InlineData(19, "otherTime")]
    [InlineData(20, "nightTime")]
    [InlineData(0, "nightTime")]
    public void Q14ClassifiesTheHourOfTheBid(int hour, string expected)
    {
        Assert.Equal(expected, Q14.BidTimeType(1_767_225_600_000L + hour * 3_600_000L + 59_999));
    }
}
