using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Compiled.Connectors.Files;

/// <summary>Writes one record per line into a single file.</summary>
/// <typeparam name="T">Record type.</typeparam>
public sealed class FileSink<T> : ISink<T>
{
    private readonly string _path;
    private readonly Action<T, IBufferWriter<byte>> _format;

    /// <summary>Creates a sink writing <paramref name="path"/>, formatting each record's line with <paramref name="format"/> (without the line break).</summary>
    public FileSink(string path, Action<T, IBufferWriter<byte>> format)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _path = Path.GetFullPath(path);
        _format = format ?? throw new ArgumentNullException(nameof(format));
        var dir = Path.GetDirectoryName(_path)!;
        if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"Output directory '{dir}' does not exist; create it or choose another --output path.");
    }

    /// <summary>A single output file is written by one subtask.</summary>
    public int? RequiredParallelism => 1;

    /// <inheritdoc />
    public ISinkWriter<T> CreateWriter(SinkContext context) => new Writer(this);

    /// <summary>
    /// Writes to a hidden in-progress file next to the target and renames it into place when the input
    /// ends, so a failed or cancelled job never leaves a partial file that looks complete.
    /// </summary>
    private sealed class Writer : ISinkWriter<T>
    {
        private readonly FileSink<T> _sink;
        private readonly string _temp;
        private readonly FileStream _stream;
        private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
        private bool _finished;

        public Writer(FileSink<T> sink)
        {
            _sink = sink;
            _temp = Path.Combine(Path.GetDirectoryName(sink._path)!, "." + Path.GetFileName(sink._path) + ".inprogress");
            _stream = new FileStream(_temp, FileMode.Create, FileAccess.Write, FileShare.None, 1);
        }

        public void Write(in T value, long timestamp)
        {
            _sink._format(value, _buffer);
            _buffer.GetSpan(1)[0] = (byte)'\n';
            _buffer.Advance(1);
            if (_buffer.WrittenCount >= 60 * 1024) Drain();
        }

        private void Drain()
        {
            _stream.Write(_buffer.WrittenSpan);
            _buffer.ResetWrittenCount();
        }

        public void Finish()
        {
            Drain();
            _stream.Flush(flushToDisk: true);
            _stream.Dispose();
            File.Move(_temp, _sink._path, overwrite: true);
            _finished = true;
        }

        public void Dispose()
        {
            if (_finished) return;
            _stream.Dispose();
            File.Delete(_temp);
        }
    }
}

/// <summary>Factories for file sinks.</summary>
public static class FileSink
{
    /// <summary>Options for JSON output: compact, non-ASCII text kept as is.</summary>
    public static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    /// <summary>JSON lines written by <paramref name="write"/> (one object per record) with a reused <see cref="Utf8JsonWriter"/>.</summary>
    public static FileSink<T> JsonLines<T>(string path, Action<Utf8JsonWriter, T> write) => new(path, JsonFormat(write));

    /// <summary>A line formatter writing one JSON object per record with <paramref name="write"/> (the writer is reused; one formatter per writer thread).</summary>
    public static Action<T, IBufferWriter<byte>> JsonFormat<T>(Action<Utf8JsonWriter, T> write)
    {
        Utf8JsonWriter? json = null;
        return (value, buffer) =>
        {
            if (json is null) json = new Utf8JsonWriter(buffer, JsonOptions);
            else json.Reset(buffer);
            write(json, value);
            json.Flush();
        };
    }

    /// <summary>JSON lines through a source-generated System.Text.Json type.</summary>
    public static FileSink<T> JsonLines<T>(string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo) =>
        JsonLines<T>(path, (writer, value) => JsonSerializer.Serialize(writer, value, typeInfo));

    /// <summary>Text lines produced by <paramref name="format"/>.</summary>
    public static FileSink<T> Lines<T>(string path, Func<T, string> format) =>
        new(path, (value, buffer) => System.Text.EncodingExtensions.GetBytes(System.Text.Encoding.UTF8, format(value).AsSpan(), buffer));
}
