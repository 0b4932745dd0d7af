namespace Nexmark.Queries.Functions;

/// <summary>Calendar parts of epoch-millisecond instants in UTC (the time zone of Nexmark's TIMESTAMP(3) columns).</summary>
public static class Calendar
{
    /// <summary>Milliseconds in a minute.</summary>
    public const long MillisPerMinute = 60_000;

    /// <summary>Milliseconds in an hour.</summary>
    public const long MillisPerHour = 3_600_000;

    /// <summary>Milliseconds in a day.</summary>
    public const long MillisPerDay = 86_400_000;

    /// <summary>Midnight of <paramref name="epochMillis"/>'s day: the instant that <c>DATE_FORMAT(t, 'yyyy-MM-dd')</c> names.</summary>
    public static long DayStart(long epochMillis) => epochMillis - FloorMod(epochMillis, MillisPerDay);

    /// <summary>The start of <paramref name="epochMillis"/>'s minute: the instant that <c>DATE_FORMAT(t, 'yyyy-MM-dd HH:mm')</c> names.</summary>
    public static long MinuteStart(long epochMillis) => epochMillis - FloorMod(epochMillis, MillisPerMinute);

    /// <summary><c>HOUR(t)</c>: 0..23.</summary>
    public static int HourOfDay(long epochMillis) => (int)(FloorMod(epochMillis, MillisPerDay) / MillisPerHour);

    /// <summary>The remainder of a floored division: 0 ≤ result &lt; <paramref name="divisor"/>, also for instants before 1970.</summary>
    private static long FloorMod(long value, long divisor) => ((value % divisor) + divisor) % divisor;
}
