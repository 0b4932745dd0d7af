using System.Buffers;
using System.Globalization;
using Compiled.State.Snapshots;

namespace Compiled.Connectors.Files;

/// <summary>
/// Writes a directory of part files with exactly-once results when the job checkpoints: each subtask writes a hidden
/// in-progress file, renames it to a hidden pending file at a checkpoint barrier (pre-commit) and to its visible name
/// <c>part-S-NNNNN</c> when the checkpoint completes (commit). On restore it commits what the restored checkpoint
/// covered and deletes everything written after it, so readers never see uncommitted or duplicated rows. At the end of
/// a bounded input everything is committed.
/// </summary>
public sealed class PartFileSink<T> : ISink<T>
{
    private readonly string _directory;
    private readonly Func<Action<T, IBufferWriter<byte>>> _formatPerWriter;
    private readonly string _suffix;

    /// <summary>Creates a sink writing into <paramref name="directory"/> (created if missing).</summary>
    /// <param name="directory">Output directory.</param>
    /// <param name="format">Writes one record's line (without the line break); must be thread-safe (writers run in parallel).</param>
    /// <param name="suffix">File name suffix of the part files, e.g. ".jsonl".</param>
    public PartFileSink(string directory, Action<T, IBufferWriter<byte>> format, string suffix = "")
        : this(directory, () => format ?? throw new ArgumentNullException(nameof(format)), suffix)
    {
    }

    /// <summary>Creates a sink whose parallel writers each get their own formatter from <paramref name="formatPerWriter"/>.</summary>
    public PartFileSink(string directory, Func<Action<T, IBufferWriter<byte>>> formatPerWriter, string suffix = "")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        _directory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        _formatPerWriter = formatPerWriter ?? throw new ArgumentNullException(nameof(formatPerWriter));
        _suffix = suffix;
        string parent = Path.GetDirectoryName(_directory)!;
        if (!Directory.Exists(parent)) throw new DirectoryNotFoundException($"The parent of output directory '{_directory}' does not exist; create it or choose another output path.");
    }

    /// <inheritdoc />
    public ISinkWriter<T> CreateWriter(SinkContext context) => new Writer(this, context.SubtaskIndex, context.Parallelism);

    private sealed class Writer : ISinkWriter<T>, ITwoPhaseCommitWriter
    {
        private readonly PartFileSink<T> _sink;
        private readonly Action<T, IBufferWriter<byte>> _format;
        private readonly int _subtask;
        private readonly int _parallelism;
        private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
        private readonly List<(long Checkpoint, long Part)> _pending = [];
        private FileStream? _current;
        private long _nextPart;
        private bool _recovered;

        public Writer(PartFileSink<T> sink, int subtask, int parallelism)
        {
            _sink = sink;
            _format = sink._formatPerWriter();
            _subtask = subtask;
            _parallelism = parallelism;
            Directory.CreateDirectory(sink._directory);
        }

        private string Name(long part, string state) => Name(_subtask, part, state);

        private string Name(int subtask, long part, string state) => Path.Combine(_sink._directory, state switch
        {
            "committed" => $"part-{subtask}-{part.ToString("D5", CultureInfo.InvariantCulture)}{_sink._suffix}",
            _ => $".part-{subtask}-{part.ToString("D5", CultureInfo.InvariantCulture)}{_sink._suffix}.{state}",
        });

        public void Write(in T value, long timestamp)
        {
            if (_current is null)
            {
                CleanUpOnFreshStart();
                _current = new FileStream(Name(_nextPart, "inprogress"), FileMode.Create, FileAccess.Write, FileShare.None, 1);
            }
            _format(value, _buffer);
            _buffer.GetSpan(1)[0] = (byte)'\n';
            _buffer.Advance(1);
            if (_buffer.WrittenCount >= 60 * 1024) Drain();
        }

        private void Drain()
        {
            _current!.Write(_buffer.WrittenSpan);
            _buffer.ResetWrittenCount();
        }

        /// <summary>Closes the in-progress file durably and renames it to <paramref name="state"/>.</summary>
        private bool CloseCurrent(string state)
        {
            if (_current is null) return false;
            Drain();
            _current.Flush(flushToDisk: true);
            _current.Dispose();
            _current = null;
            File.Move(Name(_nextPart, "inprogress"), Name(_nextPart, state), overwrite: true);
            return true;
        }

        public byte[] PreCommit(long checkpointId)
        {
            CleanUpOnFreshStart();
            if (CloseCurrent("pending")) _pending.Add((checkpointId, _nextPart++));
            var writer = new SnapshotWriter();
            writer.WriteVarLong(_nextPart);
            writer.WriteVarLong(_pending.Count);
            foreach (var (checkpoint, part) in _pending)
            {
                writer.WriteVarLong(checkpoint);
                writer.WriteVarLong(part);
            }
            return writer.Written.ToArray();
        }

        public void Commit(long checkpointId)
        {
            foreach (var (_, part) in _pending.Where(p => p.Checkpoint <= checkpointId)) Publish(part);
            _pending.RemoveAll(p => p.Checkpoint <= checkpointId);
        }

        private void Publish(long part) => Publish(_subtask, part);

        private void Publish(int subtask, long part)
        {
            string pending = Name(subtask, part, "pending");
            if (File.Exists(pending)) File.Move(pending, Name(subtask, part, "committed"), overwrite: true);
        }

        public void Recover(ReadOnlySpan<byte> state)
        {
            _nextPart = RecoverSubtask(_subtask, state);
            if (_subtask == 0) DeleteOrphans(static _ => false);
            _recovered = true;
        }

        /// <summary>
        /// Hidden files of writer indices at or above the parallelism that the restored checkpoint has no state for: left by
        /// an attempt at a higher parallelism that failed before its first checkpoint. Writer 0 deletes them; nobody else
        /// owns those indices.
        /// </summary>
        private void DeleteOrphans(Func<int, bool> hasState)
        {
            foreach (int index in WriterIndices().Where(i => i >= _parallelism && !hasState(i)))
                DeleteFiles(index, _ => false);
        }

        /// <summary>The writer indices that have files in the directory.</summary>
        private HashSet<int> WriterIndices()
        {
            var indices = new HashSet<int>();
            foreach (var file in Directory.EnumerateFiles(_sink._directory))
            {
                string name = Path.GetFileName(file).TrimStart('.');
                if (!name.StartsWith("part-", StringComparison.Ordinal)) continue;
                int dash = name.IndexOf('-', 5);
                if (dash > 5 && int.TryParse(name.AsSpan(5, dash - 5), NumberStyles.None, CultureInfo.InvariantCulture, out int index)) indices.Add(index);
            }
            return indices;
        }

        public void RecoverRescaled(int subtask, int parallelism, IReadOnlyDictionary<int, byte[]> previousStates)
        {
            // Each previous writer's files are taken over by exactly one new writer: previous index modulo the new parallelism.
            foreach (var (previous, state) in previousStates.Where(p => p.Key % parallelism == subtask))
            {
                long next = RecoverSubtask(previous, state);
                if (previous == _subtask) _nextPart = next;
            }
            if (!previousStates.ContainsKey(_subtask))
            {
                // A writer index the restored checkpoint did not have (the job scaled up): an earlier, larger run may
                // have committed parts under it, so it starts after them and never overwrites a committed file.
                DeleteFiles(_subtask, _ => false);
                _nextPart = NextFreePart(_subtask);
            }
            if (_subtask == 0) DeleteOrphans(previousStates.ContainsKey);
            _recovered = true;
        }

        /// <summary>One past the highest part number of writer <paramref name="subtask"/> in the directory (0 when it has none).</summary>
        private long NextFreePart(int subtask)
        {
            long next = 0;
            ForEachPart(subtask, (_, _, part) => next = Math.Max(next, part + 1));
            return next;
        }

        /// <summary>Commits what a writer pre-committed in the restored checkpoint and deletes what it wrote after; returns its next part number.</summary>
        private long RecoverSubtask(int subtask, ReadOnlySpan<byte> state)
        {
            var reader = new SnapshotReader(state);
            long nextPart = reader.ReadVarLong();
            long count = reader.ReadVarLong();
            for (long i = 0; i < count; i++)
            {
                reader.ReadVarLong(); // the checkpoint: restored, so complete
                Publish(subtask, reader.ReadVarLong());
            }
            // Anything else of that writer was written after the restored checkpoint: it will be written again.
            DeleteFiles(subtask, part => part >= nextPart);
            return nextPart;
        }

        /// <summary>Without a restore, hidden files of this subtask are leftovers of an attempt that never checkpointed.</summary>
        private void CleanUpOnFreshStart()
        {
            if (_recovered) return;
            _recovered = true;
            DeleteFiles(_subtask, _ => false);
        }

        /// <summary>Deletes every hidden file of writer <paramref name="subtask"/>, and its visible parts selected by <paramref name="committedToDelete"/>.</summary>
        private void DeleteFiles(int subtask, Func<long, bool> committedToDelete) =>
            ForEachPart(subtask, (file, hidden, part) =>
            {
                if (hidden || committedToDelete(part)) File.Delete(file);
            });

        /// <summary>Calls <paramref name="action"/> with every file of writer <paramref name="subtask"/>: path, whether hidden, part number.</summary>
        private void ForEachPart(int subtask, Action<string, bool, long> action)
        {
            string prefix = $"part-{subtask}-";
            foreach (var file in Directory.EnumerateFiles(_sink._directory).ToList())
            {
                string name = Path.GetFileName(file);
                bool hidden = name.StartsWith('.');
                string bare = hidden ? name[1..] : name;
                if (!bare.StartsWith(prefix, StringComparison.Ordinal) || bare.Length < prefix.Length + 5) continue;
                if (!long.TryParse(bare.AsSpan(prefix.Length, 5), NumberStyles.None, CultureInfo.InvariantCulture, out long part)) continue;
                action(file, hidden, part);
            }
        }

        public void Finish()
        {
            CleanUpOnFreshStart();
            foreach (var (_, part) in _pending) Publish(part);
            _pending.Clear();
            if (CloseCurrent("pending")) Publish(_nextPart++);
        }

        public void Dispose() => _current?.Dispose();
    }
}

/// <summary>Factories for part-file sinks.</summary>
public static class PartFileSink
{
    /// <summary>JSON lines (one object per record, written by <paramref name="write"/>) in part files <c>part-S-NNNNN.jsonl</c>.</summary>
    public static PartFileSink<T> JsonLines<T>(string directory, Action<System.Text.Json.Utf8JsonWriter, T> write) =>
        new(directory, () => FileSink.JsonFormat(write), ".jsonl");
}
