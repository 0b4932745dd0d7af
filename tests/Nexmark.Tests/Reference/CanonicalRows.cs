using System.Text.Json;

namespace Nexmark.Tests.Reference;

/// <summary>Converts engine output (one JSON object per line) into <see cref="NexmarkReference"/>'s canonical rows.</summary>
public static class CanonicalRows
{
    /// <summary>
    /// Each non-blank line must be a JSON object; it becomes <c>name=value|…</c> in the line's property order,
    /// numbers as their raw JSON text, strings via GetString(), true/false/null as those words and nested values
    /// as raw JSON. The rows are sorted ordinally, like <see cref="NexmarkReference.Run"/>'s.
    /// </summary>
    public static List<string> FromJsonLines(IEnumerable<string> jsonLines)
    {
        ArgumentNullException.ThrowIfNull(jsonLines);
        var rows = new List<string>();
        foreach (string line in jsonLines)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using JsonDocument document = JsonDocument.Parse(line);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"Expected a JSON object per line, got: {line}");
            }

            rows.Add(Of(document.RootElement.EnumerateObject()));
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    /// <summary>The canonical row of <paramref name="columns"/>, in their order (see <see cref="FromJsonLines"/>).</summary>
    public static string Of(IEnumerable<JsonProperty> columns) => string.Join("|", columns.Select(p => p.Name + "=" + ValueText(p.Value)));

    private static string ValueText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        _ => value.GetRawText(),
    };
}
