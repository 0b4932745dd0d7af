using System.Text.Json;
using Compiled;

namespace Nexmark.Rows;

/// <summary>A row of q8's sink table <c>nexmark_q8(id, name, stime)</c>.</summary>
/// <param name="Id">Column <c>id</c>: the person's id.</param>
/// <param name="Name">Column <c>name</c>: the person's name.</param>
/// <param name="StartTime">Column <c>stime</c>: start of the 10 s window, epoch milliseconds (UTC).</param>
[StreamRecord]
public readonly partial record struct Q8Row(long Id, string Name, long StartTime) : INexmarkRow
{
    private static readonly JsonEncodedText IdName = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText NameName = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText StartTimeName = JsonEncodedText.Encode("stime");

    /// <inheritdoc />
    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteNumber(IdName, Id);
        writer.WriteString(NameName, Name);
        JsonTimestamp.Write(writer, StartTimeName, StartTime);
        writer.WriteEndObject();
    }
}
