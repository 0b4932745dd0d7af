using System.Text.Json;
using Compiled.Connectors.Nexmark;

namespace Nexmark.Rows;

/// <summary>
/// Writes TIMESTAMP(3) columns as Nexmark's <c>"yyyy-MM-dd HH:mm:ss.SSS"</c> text, and the <c>DATE_FORMAT</c> parts
/// <c>yyyy-MM-dd</c> and <c>HH:mm</c> of an instant, without allocating.
/// </summary>
internal static class JsonTimestamp
{
    private const int DateLength = 10;       // "yyyy-MM-dd"
    private const int HourMinuteStart = 11;  // "HH:mm" after "yyyy-MM-dd "
    private const int HourMinuteLength = 5;

    public static void Write(Utf8JsonWriter writer, JsonEncodedText name, long epochMillis) =>
        writer.WriteString(name, Format(epochMillis, stackalloc byte[NexmarkTimestamp.FormattedLength]));

    /// <summary>Writes <c>DATE_FORMAT(t, 'yyyy-MM-dd')</c>.</summary>
    public static void WriteDate(Utf8JsonWriter writer, JsonEncodedText name, long epochMillis) =>
        writer.WriteString(name, Format(epochMillis, stackalloc byte[NexmarkTimestamp.FormattedLength])[..DateLength]);

    /// <summary>Writes <c>DATE_FORMAT(t, 'HH:mm')</c>.</summary>
    public static void WriteHourMinute(Utf8JsonWriter writer, JsonEncodedText name, long epochMillis) =>
        writer.WriteString(name, Format(epochMillis, stackalloc byte[NexmarkTimestamp.FormattedLength]).Slice(HourMinuteStart, HourMinuteLength));

    private static ReadOnlySpan<byte> Format(long epochMillis, Span<byte> text)
    {
        if (!NexmarkTimestamp.TryFormat(epochMillis, text, out int written))
        {
            throw new ArgumentOutOfRangeException(nameof(epochMillis), epochMillis, "Nexmark timestamps must fall in years 0001..9999.");
        }

        return text[..written];
    }
}
