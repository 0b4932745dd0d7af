using System.Text;
using Compiled.Connectors.Nexmark;

namespace Compiled.Tests.Connectors.Nexmark;

public class NexmarkTimestampTests
{
    [Theory]
    [InlineData(0L, "1970-01-01 00:00:00.000")]
    [InlineData(1_767_225_600_000L, "2026-01-01 00:00:00.000")]
    [InlineData(1_767_225_600_123L, "2026-01-01 00:00:00.123")]
    [InlineData(1_767_225_659_009L, "2026-01-01 00:00:59.009")]
    [InlineData(-1L, "1969-12-31 23:59:59.999")]
    [InlineData(951_782_400_000L, "2000-02-29 00:00:00.000")]
    [InlineData(253_402_300_799_999L, "9999-12-31 23:59:59.999")]
    public void FormatsAndParsesBack(long millis, string text)
    {
        Assert.Equal(text, NexmarkTimestamp.Format(millis));
        Assert.Equal(millis, NexmarkTimestamp.Parse(text));

        Span<byte> utf8 = stackalloc byte[NexmarkTimestamp.FormattedLength];
        Assert.True(NexmarkTimestamp.TryFormat(millis, utf8, out int written));
        Assert.Equal(text, Encoding.UTF8.GetString(utf8[..written]));
        Assert.True(NexmarkTimestamp.TryParse(utf8[..written], out long parsed, out string? error));
        Assert.Null(error);
        Assert.Equal(millis, parsed);
    }

    [Fact]
    public void RoundTripsManyInstants()
    {
        for (long millis = -86_400_000L * 800; millis < 86_400_000L * 30_000; millis += 7_919_993_421L)
        {
            Assert.Equal(millis, NexmarkTimestamp.Parse(NexmarkTimestamp.Format(millis)));
        }
    }

    [Theory]
    [InlineData("2026-01-01 00:00:00", 1_767_225_600_000L)]
    [InlineData("2026-01-01 00:00:00.1", 1_767_225_600_100L)]
    [InlineData("2026-01-01 00:00:00.12", 1_767_225_600_120L)]
    [InlineData("2026-01-01 00:00:00.123", 1_767_225_600_123L)]
    [InlineData("2026-01-01T00:00:00.5Z", 1_767_225_600_500L)]
    [InlineData("  2026-01-01 00:00:01.000 ", 1_767_225_601_000L)]
    [InlineData("1767225600123", 1_767_225_600_123L)]
    [InlineData("-5", -5L)]
    [InlineData("0", 0L)]
    public void ParsesAcceptedForms(string text, long expected)
    {
        Assert.Equal(expected, NexmarkTimestamp.Parse(text));
        Assert.True(NexmarkTimestamp.TryParse(Encoding.UTF8.GetBytes(text), out long utf8Parsed, out _));
        Assert.Equal(expected, utf8Parsed);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("yesterday", "expected \"yyyy-MM-dd HH:mm:ss[.fff]\"")]
    [InlineData("2026-01-01", "expected \"yyyy-MM-dd HH:mm:ss[.fff]\"")]
    [InlineData("2026-13-01 00:00:00", "no such date")]
    [InlineData("2026-02-29 00:00:00", "no such date")]
    [InlineData("2026-01-01 24:00:00", "no such time of day")]
    [InlineData("2026-01-01 00:00:00.1234", "1 to 3 digits")]
    [InlineData("2026-01-01 00:00:00.", "1 to 3 digits")]
    [InlineData("2026-01-01 00:00:00,123", "1 to 3 digits")]
    [InlineData("2026-0a-01 00:00:00", "must be digits")]
    [InlineData("99999999999999999999", "out of range")]
    [InlineData("2026-01-01 00:00:00.000 ü", "non-ASCII")]
    public void RejectsOtherTextWithAClearMessage(string text, string reason)
    {
        var ex = Assert.Throws<FormatException>(() => NexmarkTimestamp.Parse(text));
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        Assert.Contains($"\"{text}\"", ex.Message, StringComparison.Ordinal);
        Assert.False(NexmarkTimestamp.TryParse(text, out _));
    }

    [Fact]
    public void TryFormatFailsOnShortBufferOrOutOfRange()
    {
        Assert.False(NexmarkTimestamp.TryFormat(0, new byte[10], out _));
        Assert.False(NexmarkTimestamp.TryFormat(long.MaxValue, new byte[64], out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => NexmarkTimestamp.Format(long.MinValue));
    }
}
