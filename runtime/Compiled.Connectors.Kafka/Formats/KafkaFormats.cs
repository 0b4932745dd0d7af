using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Compiled.Connectors.Files;
using Compiled.Serialization;

namespace Compiled.Connectors.Kafka.Formats;

/// <summary>Message formats: JSON (source-generated System.Text.Json), the generated binary format, raw bytes and UTF-8 text.</summary>
public static class KafkaFormat
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>One JSON document per message, read and written through a System.Text.Json source-generated type (no reflection).</summary>
    public static KafkaFormat<T> Json<T>(JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return new("JSON", LineFormat.Json(typeInfo), () => FileSink.JsonFormat<T>((writer, value) => JsonSerializer.Serialize(writer, value, typeInfo)));
    }

    /// <summary>One JSON document per message, read by <paramref name="parse"/> and written by <paramref name="write"/> (hand-written codecs).</summary>
    public static KafkaFormat<T> Json<T>(LineParser<T>? parse, Action<Utf8JsonWriter, T>? write) =>
        new("JSON", parse, write is null ? null : () => FileSink.JsonFormat(write));

    /// <summary>The binary encoding of a <c>[StreamRecord]</c> type's generated serializer (<c>T.Serializer</c>), one record per message.</summary>
    public static KafkaFormat<T> Binary<T>(IRecordSerializer<T> serializer)
    {
        ArgumentNullException.ThrowIfNull(serializer);
        return new("binary", (ReadOnlySpan<byte> bytes, out T value, out string? error) =>
        {
            try
            {
                value = serializer.Deserialize(bytes, out int consumed);
                if (consumed == bytes.Length)
                {
                    error = null;
                    return true;
                }
                error = $"{bytes.Length - consumed} bytes follow the record";
            }
            catch (RecordFormatException ex)
            {
                error = ex.Message;
            }
            value = default!;
            return false;
        }, () => (value, buffer) => serializer.Serialize(value, buffer));
    }

    /// <summary>The message value as it is (an empty array for a message without value).</summary>
    public static KafkaFormat<byte[]> Bytes { get; } = new("bytes", (ReadOnlySpan<byte> bytes, out byte[] value, out string? error) =>
    {
        value = bytes.ToArray();
        error = null;
        return true;
    }, () => static (value, buffer) => buffer.Write(value));

    /// <summary>The message value as UTF-8 text; invalid UTF-8 is malformed.</summary>
    public static KafkaFormat<string> Utf8String { get; } = new("UTF-8 text", (ReadOnlySpan<byte> bytes, out string value, out string? error) =>
    {
        try
        {
            value = StrictUtf8.GetString(bytes);
            error = null;
            return true;
        }
        catch (DecoderFallbackException ex)
        {
            value = "";
            error = "invalid UTF-8: " + ex.Message;
            return false;
        }
    }, () => static (value, buffer) => Encoding.UTF8.GetBytes(value, buffer));
}
