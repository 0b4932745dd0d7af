using System.Text;

namespace Compiled.Connectors.Files;

/// <summary>
/// A bounded source over text files, one record per line. Each file is a split; subtask i reads
/// files i, i+P, ... Malformed lines go to the dead-letter output with file, line number and reason. Positions are
/// checkpointed per file, so a restore at another parallelism redistributes the unfinished files.
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

    private sealed class Reader : ISourceReader<T>, IRescalableSourceReader
    {
        private const int BatchSize = 512;
        private const byte PositionFormat = 2;
        private readonly FileSource<T> _source;
        private readonly SourceReaderContext _context;
        // Files still to read, in order, with the lines of each already consumed (non-zero only after a restore).
        private readonly List<(int File, long Skip)> _remaining = [];
        private LineReader? _current;

        public Reader(FileSource<T> source, SourceReaderContext context)
        {
            _source = source;
            _context = context;
            for (int file = context.SubtaskIndex; file < source._paths.Count; file += context.Parallelism) _remaining.Add((file, 0));
        }

        public InputStatus PollNext(SourceOutput<T> output)
        {
            while (true)
            {
                if (_remaining.Count == 0) return InputStatus.EndOfInput;
                var (fileIndex, skip) = _remaining[0];
                if (_current is null)
                {
                    _current = new LineReader(_source._paths[fileIndex], _source.MaxLineBytes);
                    for (long n = skip; n > 0 && _current.TryReadLine(out _, out _); n--) { } // resume after a restore
                }
                var split = output.Split(fileIndex);
                string path = _source._paths[fileIndex];
                for (int n = 0; n < BatchSize; n++)
                {
                    if (!_current.TryReadLine(out var line, out bool tooLong))
                    {
                        _current.Dispose();
                        _current = null;
                        output.FinishSplit(fileIndex);
                        _remaining.RemoveAt(0);
                        break;
                    }
                    if (tooLong)
                    {
                        output.DeadLetter(new DeadLetter(path, _current.LineNumber, $"line longer than {_source.MaxLineBytes} bytes", ""));
                        continue;
                    }
                    if (line.IndexOfAnyExcept((byte)' ', (byte)'\t') < 0) continue;
                    if (_source.SkipFirstLine && _current.LineNumber == 1) continue;
                    if (_source._parser(line, out var value, out var error)) split.Collect(value);
                    else output.DeadLetter(new DeadLetter(path, _current.LineNumber, error ?? "malformed line", Preview(line)));
                }
                if (_current is not null) return InputStatus.MoreAvailable;
            }
        }

        /// <summary>Position: every file this reader has not finished, with the lines of each already consumed.</summary>
        public byte[] SnapshotPosition()
        {
            var writer = new State.Snapshots.SnapshotWriter();
            writer.WriteVarLong(PositionFormat);
            writer.WriteVarLong(_remaining.Count);
            for (int i = 0; i < _remaining.Count; i++)
            {
                var (file, skip) = _remaining[i];
                writer.WriteVarLong(file);
                writer.WriteVarLong(i == 0 && _current is not null ? _current.LineNumber : skip);
            }
            return writer.Written.ToArray();
        }

        public void RestorePosition(ReadOnlySpan<byte> position)
        {
            _current?.Dispose();
            _current = null;
            _remaining.Clear();
            _remaining.AddRange(ReadPosition(position, _context.Parallelism));
        }

        /// <summary>After a rescale: the unfinished files of all previous readers, this reader taking those with index ≡ its own (mod parallelism).</summary>
        public void RestorePositions(int previousParallelism, IReadOnlyDictionary<int, byte[]> positions)
        {
            _current?.Dispose();
            _current = null;
            _remaining.Clear();
            var unfinished = positions.Values.SelectMany(p => ReadPosition(p, previousParallelism)).ToList();
            var started = unfinished.Select(f => f.File).ToHashSet();
            // Previous readers that wrote no position had not started: all their files remain.
            for (int reader = 0; reader < previousParallelism; reader++)
            {
                if (positions.ContainsKey(reader)) continue;
                for (int file = reader; file < _source._paths.Count; file += previousParallelism)
                    if (started.Add(file)) unfinished.Add((file, 0));
            }
            _remaining.AddRange(unfinished.Where(f => f.File % _context.Parallelism == _context.SubtaskIndex).OrderBy(f => f.File));
        }

        private List<(int File, long Skip)> ReadPosition(ReadOnlySpan<byte> position, int parallelism)
        {
            var result = new List<(int, long)>();
            if (position.Length == 12)
            {
                // Format 1: the file being read and its consumed lines; the reader's later files follow with the stride.
                int first = BitConverter.ToInt32(position);
                long skip = BitConverter.ToInt64(position[4..]);
                for (int file = first; file < _source._paths.Count; file += parallelism) result.Add((file, file == first ? skip : 0));
                return result;
            }
            var reader = new State.Snapshots.SnapshotReader(position);
            long format = reader.ReadVarLong();
            if (format != PositionFormat) throw new InvalidDataException($"File source position of format {format}; this version reads format {PositionFormat}.");
            long count = reader.ReadVarLong();
            for (long i = 0; i < count; i++)
            {
                int file = checked((int)reader.ReadVarLong());
                if (file < 0 || file >= _source._paths.Count)
                    throw new InvalidDataException($"The checkpoint names input file #{file}, but the source has {_source._paths.Count} files: restore with the same inputs.");
                result.Add((file, reader.ReadVarLong()));
            }
            return result;
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
