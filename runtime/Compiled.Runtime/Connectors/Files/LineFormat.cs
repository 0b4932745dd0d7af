using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Compiled.Connectors.Files;

/// <summary>Parses one line of a text file into a record.</summary>
/// <param name="line">The line's UTF-8 bytes, without terminator.</param>
/// <param name="value">The record, when parsing succeeded.</param>
/// <param name="error">Why parsing failed.</param>
public delegate bool LineParser<T>(ReadOnlySpan<byte> line, out T value, out string? error);

/// <summary>Line formats for <see cref="FileSource{T}"/>.</summary>
public static class LineFormat
{
    /// <summary>JSON lines read with a System.Text.Json source-generated type (no reflection).</summary>
    public static LineParser<T> Json<T>(JsonTypeInfo<T> typeInfo) => (ReadOnlySpan<byte> line, out T value, out string? error) =>
    {
        try
        {
            var parsed = JsonSerializer.Deserialize(line, typeInfo);
            if (parsed is null) { value = default!; error = "the line is JSON null"; return false; }
            value = parsed;
            error = null;
            return true;
        }
        catch (JsonException ex)
        {
            value = default!;
            error = ex.Message;
            return false;
        }
    };

    /// <summary>CSV lines (RFC 4180 quoting) mapped to records by <paramref name="map"/>; a throwing map marks the line malformed.</summary>
    public static LineParser<T> Csv<T>(Func<string[], T> map, char separator = ',') => (ReadOnlySpan<byte> line, out T value, out string? error) =>
    {
        try
        {
            var fields = Files.Csv.Split(Encoding.UTF8.GetString(line), separator);
            value = map(fields);
            error = null;
            return true;
        }
        catch (Exception ex) when (ex is FormatException or IndexOutOfRangeException or ArgumentException or OverflowException)
        {
            value = default!;
            error = ex.Message;
            return false;
        }
    };
}

/// <summary>Minimal RFC 4180 field splitting and quoting.</summary>
public static class Csv
{
    /// <summary>Splits one CSV line into fields, honouring double-quoted fields with doubled quotes.</summary>
    public static string[] Split(string line, char separator = ',')
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"' && field.Length == 0) quoted = true;
            else if (c == separator) { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        if (quoted) throw new FormatException("unterminated quoted field");
        fields.Add(field.ToString());
        return [.. fields];
    }

    /// <summary>Quotes a field when it contains the separator, a quote or a line break.</summary>
    public static string Quote(string field, char separator = ',') =>
        field.AsSpan().IndexOfAny([separator, '"', '\n', '\r']) < 0 ? field : "\"" + field.Replace("\"", "\"\"") + "\"";
}
