using Compiled.Connectors.Kafka.Formats;
using Compiled.Connectors.Kafka.Native;

namespace Compiled.Connectors.Kafka.Source;

/// <summary>
/// Reads Kafka topics in parallel: each partition is a split read by one subtask, with its own watermark (so a quiet
/// partition marked idle does not hold back event time). Offsets live in the job's checkpoints, so a restore replays
/// exactly from them — also at another parallelism — and are committed to the consumer group when a checkpoint
/// completes. Message timestamps become the records' timestamps unless the watermark strategy assigns its own.
/// Malformed messages go to the dead-letter output with <c>topic/partition</c> as source and the offset as position.
/// The start (and, bounded, stop) offsets are taken once, when the first reader of this source object starts.
/// </summary>
/// <typeparam name="T">The record type.</typeparam>
public sealed class KafkaSource<T> : ISource<T>
{
    private readonly KafkaSourceOptions _options;
    private readonly KafkaFormat<T> _format;
    private readonly StartPositions _start = new();

    /// <summary>Creates a source; fails with a message saying what to change when a setting is wrong.</summary>
    public KafkaSource(KafkaSourceOptions options, KafkaFormat<T> format)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(format);
        options.Validate();
        if (format.Parse is null) throw new ArgumentException($"The {format.Name} format given to the Kafka source can only write; give a format that reads.", nameof(format));
        KafkaNativeLibrary.EnsureLoaded();
        _options = options;
        _format = format;
    }

    /// <summary>The source's settings.</summary>
    public KafkaSourceOptions Options => _options;

    /// <inheritdoc />
    public Boundedness Boundedness => _options.Bounded ? Boundedness.Bounded : Boundedness.Unbounded;

    /// <inheritdoc />
    public ISourceReader<T> CreateReader(SourceReaderContext context) => new KafkaSourceReader<T>(_options, _format, _start, context);
}
