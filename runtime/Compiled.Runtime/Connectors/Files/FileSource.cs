using System.Text;

namespace Compiled.Connectors.Files;

/// <summary>
/// A bounded source over text files, one record per line. Each file is a split; subtask i reads
/// files i, i+P, ... Malformed lines go to the dead-letter output with file, line number and reason.
/// </summary>
public sealed class FileSource<T> : ISource<T>
{
    private readonly IReadOnlyList<string> _paths;
    private readonly LineParser<T> _parser;

    /// <summary>Creates a source over <paramref name="paths"/> (files, or directories whose files are read in name order).</summary>
    public FileSource(IEnumerable<string> paths, LineParser<T> parser, int maxLineBytes = 1 << 20, bool skipFirstLine = false)
    {
        SkipFirstLine = skipFirstLine;
        _paths = [.. paths.SelectMany(Expand)];
        _parser = parser ?? throw new ArgumentNullException(nameof(parser));
        MaxLineBytes = maxLineBytes;
        if (_paths.Count == 0) throw new ArgumentException("FileSource needs at least one file.", nameof(paths));
        foreach (var p in _paths)
            if (!File.Exists(p)) throw new FileNotFoundException($"Input file '{p}' does not exist.", p);
    }

    /// <summary>Whether the first line of every file is a header to skip.</summary>
    public bool SkipFirstLine { get; }

    /// <summary>Longest accepted line; longer lines are dead letters.</summary>
    public int MaxLineBytes { get; }

    private static IEnumerable<string> Expand(string path) =>
        Directory.Exists(path) ? Directory.EnumerateFiles(path).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal) : [path];

    /// <inheritdoc />
    public Boundedness Boundedness => Boundedness.Bounded;

    /// <inheritdoc />
    public ISourceReader<T> CreateReader(SourceReaderContext context) => new Reader(this, context);

    private sealed class Reader(FileSource<T> source, SourceReaderContext context) : ISourceReader<T>, ICheckpointedSourceReader
    {
        private const int BatchSize = 512;
        private int _fileIndex = context.SubtaskIndex;
        private LineReader? _current;
        private long _skipLines;

        public InputStatus PollNext(SourceOutput<T> output)
        {
            while (true)
            {
                if (_current is null)
                {
                    if (_fileIndex >= source._paths.Count) return InputStatus.EndOfInput;
                    _current = new LineReader(source._paths[_fileIndex], source.MaxLineBytes);
                    for (; _skipLines > 0 && _current.TryReadLine(out _, out _); _skipLines--) { } // resume after a restore
                    _skipLines = 0;
                }
                var split = output.Split(_fileIndex);
                string path = source._paths[_fileIndex];
                for (int n = 0; n < BatchSize; n++)
                {
                    if (!_current.TryReadLine(out var line, out bool tooLong))
                    {
                        _current.Dispose();
                        _current = null;
                        output.FinishSplit(_fileIndex);
                        _fileIndex += context.Parallelism;
                        break;
                    }
                    if (tooLong)
                    {
                        output.DeadLetter(new DeadLetter(path, _current.LineNumber, $"line longer than {source.MaxLineBytes} bytes", ""));
                        continue;
                    }
                    if (line.IndexOfAnyExcept((byte)' ', (byte)'\t') < 0) continue;
                    if (source.SkipFirstLine && _current.LineNumber == 1) continue;
                    if (source._parser(line, out var value, out var error)) split.Collect(value);
                    else output.DeadLetter(new DeadLetter(path, _current.LineNumber, error ?? "malformed line", Preview(line)));
                }
                if (_current is not null) return InputStatus.MoreAvailable;
            }
        }

        /// <summary>Position: the file being read (by index) and how many of its lines were consumed.</summary>
        public byte[] SnapshotPosition()
        {
            var position = new byte[12];
            BitConverter.TryWriteBytes(position, _fileIndex);
            BitConverter.TryWriteBytes(position.AsSpan(4), _current?.LineNumber ?? _skipLines);
            return position;
        }

        public void RestorePosition(ReadOnlySpan<byte> position)
        {
            _current?.Dispose();
            _current = null;
            _fileIndex = BitConverter.ToInt32(position);
            _skipLines = BitConverter.ToInt64(position[4..]);
        }

        private static string Preview(ReadOnlySpan<byte> line) => Encoding.UTF8.GetString(line.Length > 1024 ? line[..1024] : line);

        public void Dispose() => _current?.Dispose();
    }
}

/// <summary>Factories for file sources.</summary>
public static class FileSource
{
    /// <summary>JSON lines, one record per line, parsed by <paramref name="parser"/>.</summary>
    public static FileSource<T> Lines<T>(string path, LineParser<T> parser) => new([path], parser);

    /// <summary>JSON lines parsed with a source-generated System.Text.Json type.</summary>
    public static FileSource<T> JsonLines<T>(string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo) => new([path], LineFormat.Json(typeInfo));

    /// <summary>CSV lines mapped to records; set <paramref name="skipHeader"/> to ignore each file's first line (column names).</summary>
    public static FileSource<T> Csv<T>(string path, Func<string[], T> map, bool skipHeader = false, char separator = ',') =>
        new([path], LineFormat.Csv(map, separator), skipFirstLine: skipHeader);
}
