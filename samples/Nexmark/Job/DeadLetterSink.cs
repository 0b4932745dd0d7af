using System.Text.Json;
using Compiled.Connectors;
using Compiled.Connectors.Files;

namespace Nexmark.Job;

/// <summary>Writes malformed input lines as JSON lines <c>{"file","line","reason","content"}</c>.</summary>
public static class DeadLetterSink
{
    private static readonly JsonEncodedText FileName = JsonEncodedText.Encode("file");
    private static readonly JsonEncodedText LineName = JsonEncodedText.Encode("line");
    private static readonly JsonEncodedText ReasonName = JsonEncodedText.Encode("reason");
    private static readonly JsonEncodedText ContentName = JsonEncodedText.Encode("content");

    /// <summary>A file sink writing dead letters to <paramref name="path"/>.</summary>
    public static FileSink<DeadLetter> Create(string path) => FileSink.JsonLines<DeadLetter>(path, Write);

    /// <summary>Writes one dead letter as a JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, DeadLetter letter)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(letter);
        writer.WriteStartObject();
        writer.WriteString(FileName, letter.Source);
        writer.WriteNumber(LineName, letter.Position);
        writer.WriteString(ReasonName, letter.Reason);
        writer.WriteString(ContentName, letter.Content);
        writer.WriteEndObject();
    }
}
