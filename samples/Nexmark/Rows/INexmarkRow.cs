using System.Text.Json;

namespace Nexmark.Rows;

/// <summary>A result row of a Nexmark query, written as one JSON object whose keys are the sink table's columns in order.</summary>
public interface INexmarkRow
{
    /// <summary>Writes the row as one JSON object (start to end) to <paramref name="writer"/>.</summary>
    void WriteJson(Utf8JsonWriter writer);
}
