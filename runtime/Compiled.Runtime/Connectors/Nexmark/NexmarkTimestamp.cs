using System.Globalization;

namespace Compiled.Connectors.Nexmark;

/// <summary>
/// Nexmark's textual timestamps: <c>yyyy-MM-dd HH:mm:ss.fff</c> in UTC (Flink's SQL TIMESTAMP(3) format),
/// converted to and from epoch milliseconds.
/// </summary>
public static class NexmarkTimestamp
{
    /// <summary>Length of a formatted timestamp, e.g. "2026-01-01 00:00:00.000".</summary>
    public const int FormattedLength = 23;

    private const string Pattern = "yyyy-MM-dd HH:mm:ss.fff";
    private const long MinMillis = -62_135_596_800_000L; // 0001-01-01T00:00:00Z
    private const long MaxMillis = 253_402_300_799_999L; // 9999-12-31T23:59:59.999Z

    /// <summary>Formats epoch milliseconds as <c>yyyy-MM-dd HH:mm:ss.fff</c> (UTC).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The instant is outside years 0001..9999.</exception>
    public static string Format(long epochMillis)
    {
        CheckRange(epochMillis);
        return ToDateTime(epochMillis).ToString(Pattern, CultureInfo.InvariantCulture);
    }

    /// <summary>Writes <c>yyyy-MM-dd HH:mm:ss.fff</c> (UTC) as UTF-8; false when the destination is too short or the instant out of range.</summary>
    public static bool TryFormat(long epochMillis, Span<byte> utf8, out int written)
    {
        if (epochMillis < MinMillis || epochMillis > MaxMillis)
        {
            written = 0;
            return false;
        }

        return ToDateTime(epochMillis).TryFormat(utf8, out written, Pattern, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Parses <c>yyyy-MM-dd HH:mm:ss[.f[f[f]]]</c> (UTC; <c>T</c> may replace the space and a trailing <c>Z</c>
    /// is allowed) or an integer number of epoch milliseconds.
    /// </summary>
    /// <exception cref="FormatException">The text is neither form; the message says why.</exception>
    public static long Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (TryParse(text.AsSpan(), out long millis, out string? error))
        {
            return millis;
        }

        throw new FormatException($"Invalid Nexmark timestamp \"{text}\": {error}");
    }

    /// <summary>Like <see cref="Parse(string)"/> without throwing.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out long epochMillis) => TryParse(text, out epochMillis, out _);

    /// <summary>Like <see cref="Parse(string)"/>; on failure <paramref name="error"/> explains why.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out long epochMillis, out string? error)
    {
        Span<byte> ascii = stackalloc byte[40];
        text = text.Trim();
        if (text.Length > ascii.Length)
        {
            epochMillis = 0;
            error = "too long";
            return false;
        }

        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] > 0x7F)
            {
                epochMillis = 0;
                error = "unexpected non-ASCII character";
                return false;
            }

            ascii[i] = (byte)text[i];
        }

        return TryParse(ascii[..text.Length], out epochMillis, out error);
    }

    /// <summary>Parses UTF-8 text in the forms accepted by <see cref="Parse(string)"/>; on failure <paramref name="error"/> explains why.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out long epochMillis, out string? error)
    {
        epochMillis = 0;
        utf8 = utf8.Trim(" \t"u8);
        if (utf8.IsEmpty)
        {
            error = "empty text";
            return false;
        }

        if (LooksLikeInteger(utf8))
        {
            if (long.TryParse(utf8, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out epochMillis))
            {
                error = null;
                return true;
            }

            error = "epoch milliseconds out of range";
            return false;
        }

        return TryParseDateTime(utf8, out epochMillis, out error);
    }

    private static bool TryParseDateTime(ReadOnlySpan<byte> s, out long epochMillis, out string? error)
    {
        epochMillis = 0;
        if (s[^1] == (byte)'Z')
        {
            s = s[..^1];
        }

        // yyyy-MM-dd HH:mm:ss is 19 characters; an optional '.' and 1..3 digits follow.
        if (s.Length < 19
            || s[4] != '-' || s[7] != '-' || (s[10] != ' ' && s[10] != 'T') || s[13] != ':' || s[16] != ':')
        {
            error = "expected \"yyyy-MM-dd HH:mm:ss[.fff]\" or integer epoch milliseconds";
            return false;
        }

        if (!Digits(s[..4], out int year) || !Digits(s.Slice(5, 2), out int month) || !Digits(s.Slice(8, 2), out int day)
            || !Digits(s.Slice(11, 2), out int hour) || !Digits(s.Slice(14, 2), out int minute) || !Digits(s.Slice(17, 2), out int second))
        {
            error = "date and time fields must be digits";
            return false;
        }

        int millis = 0;
        if (s.Length > 19)
        {
            ReadOnlySpan<byte> fraction = s[20..];
            if (s[19] != '.' || fraction.Length is < 1 or > 3 || !Digits(fraction, out millis))
            {
                error = "the fraction must be '.' followed by 1 to 3 digits";
                return false;
            }

            for (int i = fraction.Length; i < 3; i++)
            {
                millis *= 10;
            }
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(year, 1), Math.Clamp(month, 1, 12)))
        {
            error = "no such date";
            return false;
        }

        if (hour > 23 || minute > 59 || second > 59)
        {
            error = "no such time of day";
            return false;
        }

        var dateTime = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc);
        epochMillis = ((dateTime.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond) + millis;
        error = null;
        return true;
    }

    private static bool LooksLikeInteger(ReadOnlySpan<byte> s)
    {
        int start = s[0] is (byte)'-' or (byte)'+' ? 1 : 0;
        if (start == s.Length)
        {
            return false;
        }

        foreach (byte b in s[start..])
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }
        }

        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> s, out int value)
    {
        value = 0;
        foreach (byte b in s)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = (value * 10) + (b - '0');
        }

        return true;
    }

    private static DateTime ToDateTime(long epochMillis) =>
        new(DateTime.UnixEpoch.Ticks + (epochMillis * TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);

    private static void CheckRange(long epochMillis)
    {
        if (epochMillis < MinMillis || epochMillis > MaxMillis)
        {
            throw new ArgumentOutOfRangeException(nameof(epochMillis), epochMillis, "Nexmark timestamps must fall in years 0001..9999.");
        }
    }
}
