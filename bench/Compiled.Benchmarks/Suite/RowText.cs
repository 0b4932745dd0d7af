using System.Buffers;
using System.Text;
using System.Text.Json;
using Nexmark.Rows;

namespace Compiled.Benchmarks.Suite;

/// <summary>Result rows as the JSON objects the sample's sinks write, so rows of different implementations compare as text.</summary>
public static class RowText
{
    /// <summary>The rows as JSON lines, sorted ordinally (a multiset comparison, since parallel runs emit in any order).</summary>
    public static List<string> Sorted<TRow>(IEnumerable<TRow> rows) where TRow : INexmarkRow
    {
        var buffer = new ArrayBufferWriter<byte>();
        var lines = new List<string>();
        using var writer = new Utf8JsonWriter(buffer);
        foreach (var row in rows)
        {
            buffer.ResetWrittenCount();
            writer.Reset(buffer);
            row.WriteJson(writer);
            writer.Flush();
            lines.Add(Encoding.UTF8.GetString(buffer.WrittenSpan));
        }
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }
}
