using System.Buffers;
using Compiled.Connectors;
using Compiled.Connectors.Files;
using Compiled.State.Snapshots;

namespace Nexmark.Job;

/// <summary>
/// Writes each partition of the rows into its own directory of part files under <c>directory</c> (Hive style, e.g.
/// <c>dt=2026-01-01/hm=12:34</c>): one <see cref="PartFileSink{T}"/> writer per partition and subtask, with its
/// exactly-once two-phase commit. Partitions are numbered (e.g. a time bucket) so routing a row allocates nothing.
/// </summary>
/// <typeparam name="T">Row type.</typeparam>
public sealed class PartitionedFileSink<T> : ISink<T>
{
    private readonly string _directory;
    private readonly Func<T, long> _partitionOf;
    private readonly Func<long, string> _partitionDirectory;
    private readonly Func<Action<T, IBufferWriter<byte>>> _formatPerWriter;
    private readonly string _suffix;

    /// <summary>A sink writing to <paramref name="directory"/> (its parent must exist).</summary>
    /// <param name="directory">Root of the partition directories.</param>
    /// <param name="partitionOf">The partition number of a row.</param>
    /// <param name="partitionDirectory">The directory of a partition, relative to <paramref name="directory"/>.</param>
    /// <param name="formatPerWriter">Creates the row formatter of one partition writer (formatters need not be thread-safe).</param>
    /// <param name="suffix">File name suffix of the part files, e.g. ".jsonl".</param>
    public PartitionedFileSink(string directory, Func<T, long> partitionOf, Func<long, string> partitionDirectory,
        Func<Action<T, IBufferWriter<byte>>> formatPerWriter, string suffix = "")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        _directory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        _partitionOf = partitionOf ?? throw new ArgumentNullException(nameof(partitionOf));
        _partitionDirectory = partitionDirectory ?? throw new ArgumentNullException(nameof(partitionDirectory));
        _formatPerWriter = formatPerWriter ?? throw new ArgumentNullException(nameof(formatPerWriter));
        _suffix = suffix;
        string parent = Path.GetDirectoryName(_directory)!;
        if (!Directory.Exists(parent)) throw new DirectoryNotFoundException($"The parent of output directory '{_directory}' does not exist; create it or choose another output path.");
    }

    /// <inheritdoc />
    public ISinkWriter<T> CreateWriter(SinkContext context) => new Writer(this, context);

    /// <summary>The partition writers of one subtask; the transaction state is each partition's part-file state by partition number.</summary>
    private sealed class Writer(PartitionedFileSink<T> sink, SinkContext context) : ISinkWriter<T>, ITwoPhaseCommitWriter
    {
        private readonly Dictionary<long, ISinkWriter<T>> _partitions = [];
        private ISinkWriter<T>? _last;
        private long _lastPartition;

        public void Write(in T value, long timestamp)
        {
            long partition = sink._partitionOf(value);
            if (_last is null || partition != _lastPartition)
            {
                _last = Partition(partition);
                _lastPartition = partition;
            }

            _last.Write(value, timestamp);
        }

        private ISinkWriter<T> Partition(long partition)
        {
            if (_partitions.TryGetValue(partition, out var writer)) return writer;
            string directory = Path.Combine(sink._directory, sink._partitionDirectory(partition));
            Directory.CreateDirectory(Path.GetDirectoryName(directory)!);
            writer = new PartFileSink<T>(directory, sink._formatPerWriter, sink._suffix).CreateWriter(context);
            _partitions.Add(partition, writer);
            return writer;
        }

        private static ITwoPhaseCommitWriter Transactional(ISinkWriter<T> writer) => (ITwoPhaseCommitWriter)writer;

        public byte[] PreCommit(long checkpointId)
        {
            var state = new SnapshotWriter();
            state.WriteVarLong(_partitions.Count);
            foreach (var (partition, writer) in _partitions)
            {
                state.WriteVarLong(partition);
                state.WriteBytes(Transactional(writer).PreCommit(checkpointId));
            }

            return state.Written.ToArray();
        }

        public void Commit(long checkpointId)
        {
            foreach (var writer in _partitions.Values) Transactional(writer).Commit(checkpointId);
        }

        public void Recover(ReadOnlySpan<byte> state)
        {
            var restored = Read(state);
            foreach (var (partition, partitionState) in restored) Transactional(Partition(partition)).Recover(partitionState);
            DeleteUnrestored([context.SubtaskIndex], restored.Select(static p => p.Partition));
        }

        public void RecoverRescaled(int subtask, int parallelism, IReadOnlyDictionary<int, byte[]> previousStates)
        {
            // Per partition, the states of the previous writers this one takes over (index modulo the new parallelism, as part files do).
            var takenOver = previousStates.Keys.Where(p => p % parallelism == subtask).ToList();
            var byPartition = new Dictionary<long, Dictionary<int, byte[]>>();
            foreach (int previous in takenOver)
            {
                foreach (var (partition, partitionState) in Read(previousStates[previous]))
                {
                    if (!byPartition.TryGetValue(partition, out var states)) byPartition[partition] = states = [];
                    states[previous] = partitionState;
                }
            }

            foreach (var (partition, states) in byPartition) Transactional(Partition(partition)).RecoverRescaled(subtask, parallelism, states);
            DeleteUnrestored(takenOver, byPartition.Keys);
        }

        /// <summary>
        /// Deletes the files of <paramref name="subtasks"/> in partitions their checkpoint did not have: all of them were
        /// written after it (in progress, pending, or committed by a later checkpoint), and the replay writes them again.
        /// </summary>
        private void DeleteUnrestored(IReadOnlyCollection<int> subtasks, IEnumerable<long> restoredPartitions)
        {
            if (!Directory.Exists(sink._directory)) return;
            var restored = restoredPartitions.Select(p => Path.Combine(sink._directory, sink._partitionDirectory(p))).ToHashSet(StringComparer.Ordinal);
            var prefixes = subtasks.Select(static s => $"part-{s}-").ToList();
            foreach (string file in Directory.EnumerateFiles(sink._directory, "*part-*", SearchOption.AllDirectories))
            {
                if (restored.Contains(Path.GetDirectoryName(file)!)) continue;
                string name = Path.GetFileName(file).TrimStart('.');
                if (prefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal))) File.Delete(file);
            }
        }

        private static List<(long Partition, byte[] State)> Read(ReadOnlySpan<byte> state)
        {
            var reader = new SnapshotReader(state);
            long count = reader.ReadVarLong();
            if (count < 0 || count > state.Length) throw new InvalidDataException($"Malformed partitioned sink state: {count} partitions in {state.Length} bytes.");
            var partitions = new List<(long, byte[])>((int)count);
            for (long i = 0; i < count; i++) partitions.Add((reader.ReadVarLong(), reader.ReadBytes().ToArray()));
            return partitions;
        }

        public void Finish()
        {
            foreach (var writer in _partitions.Values) writer.Finish();
        }

        public void Dispose()
        {
            foreach (var writer in _partitions.Values) writer.Dispose();
        }
    }
}
