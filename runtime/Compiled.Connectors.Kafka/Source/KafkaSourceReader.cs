using System.Text;
using Compiled.Connectors.Files;
using Compiled.Connectors.Kafka.Formats;
using Confluent.Kafka;

namespace Compiled.Connectors.Kafka.Source;

/// <summary>
/// Reads the partitions one subtask owns (<see cref="PartitionOwnership"/>) through a manually assigned consumer. Each
/// partition is a split with its own watermark; its position (next offset, and stop offset when bounded) is the
/// checkpointed state, so a restore continues exactly after the last record the checkpoint covered.
/// </summary>
internal sealed class KafkaSourceReader<T> : ISourceReader<T>, IRescalableSourceReader, ICheckpointListeningSourceReader
{
    /// <summary>How long a poll waits for messages after one that found none (keeps an idle source from spinning).</summary>
    private static readonly TimeSpan IdleWait = TimeSpan.FromMilliseconds(10);

    private readonly KafkaSourceOptions _options;
    private readonly KafkaFormat<T> _format;
    private readonly LineParser<T> _parse;
    private readonly SourceReaderContext _context;
    private readonly IConsumer<Ignore, byte[]?> _consumer;
    private readonly TopicMetadata _metadata;
    private readonly Dictionary<TopicPartition, PartitionState> _partitions = [];
    private List<PartitionPosition>? _restored;
    private readonly List<PartitionState> _unassigned = [];
    private bool _initialized, _unregistered, _lastPollEmpty;
    private long _nextDiscovery = long.MaxValue;
    private int _nextSplitId;
    private volatile Error? _fatal;

    private readonly StartPositions _start;

    public KafkaSourceReader(KafkaSourceOptions options, KafkaFormat<T> format, StartPositions start, SourceReaderContext context)
    {
        _options = options;
        _start = start;
        _format = format;
        _parse = format.Parse!;
        _context = context;
        string client = $"{context.SourceName}-{context.SubtaskIndex}";
        var config = new ConsumerConfig(options.Properties.ToDictionary())
        {
            BootstrapServers = options.BootstrapServers,
            GroupId = options.GroupId ?? "compiled-" + context.SourceName,
            ClientId = client,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            EnablePartitionEof = false,
        };
        config.AutoOffsetReset ??= AutoOffsetReset.Earliest;
        _consumer = new ConsumerBuilder<Ignore, byte[]?>(config)
            .SetLogHandler((_, m) => KafkaClientLog.Log(client, m))
            .SetErrorHandler((_, e) =>
            {
                if (e.IsFatal) _fatal ??= e;
                KafkaClientLog.Error(client, e);
            })
            .Build();
        _metadata = new TopicMetadata(_consumer.Handle, options.Topics, options.BootstrapServers, options.RequestTimeout);
    }

    private sealed class PartitionState(TopicPartition partition, int splitId, long next, long stop)
    {
        public readonly TopicPartition Partition = partition;
        public readonly int SplitId = splitId;
        public readonly string Source = $"{partition.Topic}/{partition.Partition.Value}";
        public long Next = next;
        public readonly long Stop = stop;
        public SplitOutput<T>? Output;
        public bool Finished => Next >= Stop;
    }

    public InputStatus PollNext(SourceOutput<T> output)
    {
        if (_fatal is { } fatal) throw new KafkaException(fatal);
        EnsureInitialized();
        if (_unregistered) RegisterSplits(output);
        if (Environment.TickCount64 >= _nextDiscovery) Discover();
        if (_unassigned.Count > 0) Assign();

        int consumed = 0;
        var wait = _lastPollEmpty ? IdleWait : TimeSpan.Zero;
        while (consumed < _options.MaxRecordsPerPoll)
        {
            var result = _consumer.Consume(wait);
            wait = TimeSpan.Zero;
            if (result is null) break;
            if (!_partitions.TryGetValue(result.TopicPartition, out var state) || state.Finished) continue;
            long offset = result.Offset.Value;
            if (offset >= state.Stop)
            {
                Finish(state, output);
                continue;
            }
            state.Next = offset + 1;
            consumed++;
            Emit(state, result.Message, offset, output);
            if (state.Finished) Finish(state, output);
        }
        if (consumed == 0 && _options.Bounded) FinishByPosition(output);
        KeepBehindPartitionsActive();
        _lastPollEmpty = consumed == 0;
        if (_options.Bounded && _partitions.Values.All(static p => p.Finished)) return InputStatus.EndOfInput;
        return consumed > 0 ? InputStatus.MoreAvailable : InputStatus.NothingAvailable;
    }

    private void Emit(PartitionState state, Message<Ignore, byte[]?> message, long offset, SourceOutput<T> output)
    {
        var value = message.Value;
        if (_parse(value, out T record, out string? error))
        {
            long timestamp = message.Timestamp.Type == TimestampType.NotAvailable ? long.MinValue : message.Timestamp.UnixTimestampMs;
            (state.Output ??= output.Split(state.SplitId)).Collect(record, timestamp);
        }
        else
        {
            output.DeadLetter(new DeadLetter(state.Source, offset, $"malformed {_format.Name} message: {error ?? "unreadable"}", Preview(value)));
        }
    }

    private static string Preview(byte[]? value) =>
        value is null ? "" : Encoding.UTF8.GetString(value, 0, Math.Min(value.Length, 1024));

    /// <summary>
    /// A partition is idle only once caught up: before its first fetch answered, or while messages up to the end
    /// offset of the last fetch are still to be emitted, it holds back the watermark even without records for a while
    /// (else a slowly starting partition would be declared idle and its records come too late for their windows).
    /// </summary>
    private void KeepBehindPartitionsActive()
    {
        foreach (var state in _partitions.Values)
        {
            if (state.Finished || state.Output is not { } split) continue;
            long end = _consumer.GetWatermarkOffsets(state.Partition).High.Value;
            if (end < 0 || state.Next < end) split.MarkActive();
        }
    }

    /// <summary>Offsets of transaction markers are never delivered: a partition whose consumer position passed the stop offset has ended too.</summary>
    private void FinishByPosition(SourceOutput<T> output)
    {
        foreach (var state in _partitions.Values)
        {
            if (state.Finished) continue;
            long position = _consumer.Position(state.Partition).Value;
            if (position >= state.Stop) Finish(state, output);
        }
    }

    private void Finish(PartitionState state, SourceOutput<T> output)
    {
        state.Next = Math.Max(state.Next, state.Stop);
        output.FinishSplit(state.SplitId);
        _consumer.IncrementalUnassign([state.Partition]);
    }

    /// <summary>Every unfinished partition holds back the watermark from the start (until it is idle), not only once it has data.</summary>
    private void RegisterSplits(SourceOutput<T> output)
    {
        foreach (var state in _partitions.Values)
            if (!state.Finished) state.Output ??= output.Split(state.SplitId);
        _unregistered = false;
    }

    /// <summary>Finds the owned partitions and their positions: from the restored checkpoint, else from the start mode.</summary>
    private void EnsureInitialized()
    {
        if (_initialized) return;
        if (_restored is { } restored)
        {
            var owned = Partitions().Where(Owns).ToList();
            foreach (var p in restored.Where(p => _options.Topics.Contains(p.Topic)))
                Add(new TopicPartition(p.Topic, p.Partition), p.Next, p.Stop);
            // Partitions the checkpoint does not know were created after it: read them from their beginning.
            if (!_options.Bounded) AddNew(owned);
        }
        else
        {
            foreach (var (tp, (start, stop)) in _start.Get(ResolveStart).Where(p => Owns(p.Key))) Add(tp, start, stop);
        }
        _initialized = true;
        if (!_options.Bounded && _options.PartitionDiscoveryInterval is { } interval)
            _nextDiscovery = Environment.TickCount64 + (long)interval.TotalMilliseconds;
    }

    private Dictionary<TopicPartition, (long Start, long Stop)> ResolveStart()
    {
        var all = Partitions().ToList();
        var start = OffsetResolver.Start(_consumer, all, _options.StartFrom, _options.RequestTimeout);
        var stop = _options.Bounded ? OffsetResolver.End(_consumer, all, _options.RequestTimeout) : null;
        return all.ToDictionary(tp => tp, tp => (start[tp], stop?[tp] ?? long.MaxValue));
    }

    private IEnumerable<TopicPartition> Partitions() =>
        _options.PartitionVisibility is { } visible ? _metadata.Partitions().Where(visible) : _metadata.Partitions();

    private bool Owns(TopicPartition tp) => PartitionOwnership.Owner(tp.Topic, tp.Partition.Value, _context.Parallelism) == _context.SubtaskIndex;

    private void Add(TopicPartition partition, long next, long stop)
    {
        var state = new PartitionState(partition, _nextSplitId++, next, stop);
        _partitions[partition] = state;
        if (!state.Finished) _unassigned.Add(state);
        _unregistered = true;
    }

    private void AddNew(IEnumerable<TopicPartition> owned)
    {
        var added = owned.Where(tp => !_partitions.ContainsKey(tp)).ToList();
        foreach (var (tp, offset) in OffsetResolver.Start(_consumer, added, KafkaStartOffsets.Earliest, _options.RequestTimeout)) Add(tp, offset, long.MaxValue);
    }

    /// <summary>Unbounded sources pick up partitions added to their topics; a failed look-up is retried at the next interval.</summary>
    private void Discover()
    {
        _nextDiscovery = Environment.TickCount64 + (long)_options.PartitionDiscoveryInterval!.Value.TotalMilliseconds;
        try
        {
            AddNew(Partitions().Where(Owns));
        }
        catch (Exception ex) when (ex is KafkaException or InvalidOperationException)
        {
            Console.Error.WriteLine($"kafka {_context.SourceName}-{_context.SubtaskIndex}: partition discovery failed, retrying later: {ex.Message}");
        }
    }

    /// <summary>
    /// Starts fetching the partitions added since the last call at their next offsets. Partitions are added to and
    /// removed from the assignment one by one: replacing the whole assignment would drop every partition's prefetched
    /// messages (which made a bounded source, whose partitions end one after another, several times slower).
    /// </summary>
    private void Assign()
    {
        _consumer.IncrementalAssign(_unassigned.Select(static s => new TopicPartitionOffset(s.Partition, s.Next)));
        _unassigned.Clear();
    }

    public byte[] SnapshotPosition()
    {
        EnsureInitialized();
        return PartitionPosition.Encode(_partitions.Values.Select(static s => new PartitionPosition(s.Partition.Topic, s.Partition.Partition.Value, s.Next, s.Stop)));
    }

    public void RestorePosition(ReadOnlySpan<byte> position) =>
        _restored = [.. PartitionPosition.Decode(position).Where(p => Owns(new TopicPartition(p.Topic, p.Partition)))];

    /// <summary>After rescaling: the partitions of all previous readers, with their positions, are redistributed by ownership.</summary>
    public void RestorePositions(int previousParallelism, IReadOnlyDictionary<int, byte[]> positions) =>
        _restored = [.. positions.Values.SelectMany(p => PartitionPosition.Decode(p)).Where(p => Owns(new TopicPartition(p.Topic, p.Partition)))];

    /// <summary>Commits the completed checkpoint's offsets to the consumer group, for monitoring; a failure is only logged.</summary>
    public void NotifyCheckpointComplete(long checkpointId, ReadOnlySpan<byte> position)
    {
        if (_options.GroupId is null) return;
        var offsets = PartitionPosition.Decode(position).Select(static p => new TopicPartitionOffset(p.Topic, p.Partition, Math.Min(p.Next, p.Stop))).ToList();
        if (offsets.Count == 0) return;
        try
        {
            _consumer.Commit(offsets);
        }
        catch (KafkaException ex)
        {
            Console.Error.WriteLine($"kafka {_context.SourceName}-{_context.SubtaskIndex}: committing the offsets of checkpoint {checkpointId} failed: {ex.Message}");
        }
    }

    /// <summary>Closes the consumer; a failure to leave cleanly is only logged, so the task's other operators still close.</summary>
    public void Dispose()
    {
        try
        {
            _metadata.Dispose();
            _consumer.Close();
        }
        catch (Exception ex) when (ex is KafkaException or InvalidOperationException or ObjectDisposedException)
        {
            Console.Error.WriteLine($"kafka {_context.SourceName}-{_context.SubtaskIndex}: closing the consumer failed: {ex.Message}");
        }
        finally
        {
            _consumer.Dispose();
        }
    }
}
