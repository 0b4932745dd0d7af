using System.Text.Json;
using Compiled.Connectors.Nexmark;

namespace Nexmark.Rows;

/// <summary>Writes TIMESTAMP(3) columns as Nexmark's <c>"yyyy-MM-dd HH:mm:ss.SSS"</c> text without allocating.</summary>
internal static class JsonTimestamp
{
    public static void Write(Utf8JsonWriter writer, JsonEncodedText name, long epochMillis)
    {
        Span<byte> text = stackalloc byte[NexmarkTimestamp.FormattedLength];
        if (!NexmarkTimestamp.TryFormat(epochMillis, text, out int written))
        {
            throw new ArgumentOutOfRangeException(nameof(epochMillis), epochMillis, "Nexmark timestamps must fall in years 0001..9999.");
        }

        writer.WriteString(name, text[..written]);
    }
}
