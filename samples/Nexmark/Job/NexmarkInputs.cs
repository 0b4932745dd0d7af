using Compiled.Api;
using Compiled.Connectors.Files;
using Compiled.Connectors.Kafka.Formats;
using Compiled.Connectors.Kafka.Source;
using Compiled.Connectors.Nexmark;
using Compiled.EventTime;

namespace Nexmark.Job;

/// <summary>The event sources a Nexmark job can read, all with Nexmark's watermark strategy.</summary>
public static class NexmarkInputs
{
    /// <summary>Largest expected disorder of event times; the watermark trails the largest seen time by this much.</summary>
    public static readonly TimeSpan MaxOutOfOrderness = TimeSpan.FromSeconds(4);

    /// <summary>Event time is the event's <c>dateTime</c>; watermarks allow 4 s of disorder.</summary>
    public static WatermarkStrategy<NexmarkEvent> Watermarks { get; } =
        WatermarkStrategy.ForBoundedOutOfOrderness<NexmarkEvent>(static e => e.DateTime, MaxOutOfOrderness);

    /// <summary>
    /// Events 0 .. <paramref name="events"/> - 1 of the deterministic generator, generated in parallel, with the default
    /// configuration or <paramref name="config"/> (whose event count is replaced), at most <paramref name="maxRate"/> per second.
    /// </summary>
    public static DataStream<NexmarkEvent> Generator(StreamEnvironment env, long events, NexmarkGeneratorConfig? config = null, double maxRate = double.PositiveInfinity)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentOutOfRangeException.ThrowIfLessThan(events, 1L);
        var generator = (config ?? new NexmarkGeneratorConfig()) with { EventCount = events };
        return env.FromSource(NexmarkSource.Events(generator), Watermarks, "Nexmark generator", maxRecordsPerSecond: maxRate);
    }

    /// <summary>
    /// Events from a JSON-lines file in Nexmark's Kafka JSON shape. Malformed lines go to the source's
    /// <see cref="Compiled.Connectors.DeadLetter.Tag"/> side output; <paramref name="parsed"/>, when given, counts the good lines.
    /// At most <paramref name="maxRate"/> events are read per second.
    /// </summary>
    public static DataStream<NexmarkEvent> File(StreamEnvironment env, string path, RecordCounter? parsed = null, double maxRate = double.PositiveInfinity) =>
        Files(env, [path], parsed, maxRate);

    /// <summary>
    /// As <see cref="File"/> over several files read in parallel: file k by source subtask k mod the parallelism, so
    /// files of different sizes give the subtasks uneven inputs.
    /// </summary>
    public static DataStream<NexmarkEvent> Files(StreamEnvironment env, IReadOnlyList<string> paths, RecordCounter? parsed = null, double maxRate = double.PositiveInfinity)
    {
        ArgumentNullException.ThrowIfNull(env);
        return env.FromSource(new FileSource<NexmarkEvent>(paths, Parser(parsed)), Watermarks, "Nexmark events", maxRecordsPerSecond: maxRate);
    }

    /// <summary>
    /// Events from a Kafka topic, one event per message in the same JSON shape as the file input; each partition has
    /// its own watermark. <paramref name="bounded"/> stops at the partitions' ends at the start, so the job finishes.
    /// Malformed messages go to the dead-letter side output (source <c>topic/partition</c>, position the offset).
    /// At most <paramref name="maxRate"/> events are read per second.
    /// </summary>
    public static DataStream<NexmarkEvent> Kafka(StreamEnvironment env, string bootstrapServers, string topic, bool bounded, RecordCounter? parsed = null,
        double maxRate = double.PositiveInfinity)
    {
        ArgumentNullException.ThrowIfNull(env);
        var source = new KafkaSource<NexmarkEvent>(new KafkaSourceOptions { BootstrapServers = bootstrapServers, Topics = [topic], Bounded = bounded },
            KafkaFormat.Json(Parser(parsed), static (writer, e) => NexmarkJson.Write(writer, e)));
        return env.FromSource(source, Watermarks, "Nexmark events", maxRecordsPerSecond: maxRate);
    }

    /// <summary>Nexmark's JSON parser; counts the good records in <paramref name="parsed"/> when given.</summary>
    private static LineParser<NexmarkEvent> Parser(RecordCounter? parsed) => parsed is null
        ? NexmarkJson.TryParse
        : (ReadOnlySpan<byte> line, out NexmarkEvent e, out string? error) =>
        {
            if (!NexmarkJson.TryParse(line, out e, out error)) return false;
            parsed.Add(1);
            return true;
        };
}
