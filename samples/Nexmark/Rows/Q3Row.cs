using System.Text.Json;
using Compiled;

namespace Nexmark.Rows;

/// <summary>A row of q3's sink table <c>nexmark_q3(name, city, state, id)</c>.</summary>
/// <param name="Name">Column <c>name</c>: the seller's name.</param>
/// <param name="City">Column <c>city</c>: the seller's city.</param>
/// <param name="State">Column <c>state</c>: the seller's state.</param>
/// <param name="Id">Column <c>id</c>: the auction's id.</param>
[StreamRecord]
public readonly partial record struct Q3Row(string Name, string City, string State, long Id) : INexmarkRow
{
    private static readonly JsonEncodedText NameName = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText CityName = JsonEncodedText.Encode("city");
    private static readonly JsonEncodedText StateName = JsonEncodedText.Encode("state");
    private static readonly JsonEncodedText IdName = JsonEncodedText.Encode("id");

    /// <inheritdoc />
    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString(NameName, Name);
        writer.WriteString(CityName, City);
        writer.WriteString(StateName, State);
        writer.WriteNumber(IdName, Id);
        writer.WriteEndObject();
    }
}
