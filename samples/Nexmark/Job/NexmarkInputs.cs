using Compiled.Api;
using Compiled.Connectors.Files;
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
    /// configuration or <paramref name="config"/> (whose event count is replaced).
    /// </summary>
    public static DataStream<NexmarkEvent> Generator(StreamEnvironment env, long events, NexmarkGeneratorConfig? config = null)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentOutOfRangeException.ThrowIfLessThan(events, 1L);
        var generator = (config ?? new NexmarkGeneratorConfig()) with { EventCount = events };
        return env.FromSource(NexmarkSource.Events(generator), Watermarks, "Nexmark generator");
    }

    /// <summary>
    /// Events from a JSON-lines file in Nexmark's Kafka JSON shape. Malformed lines go to the source's
    /// <see cref="Compiled.Connectors.DeadLetter.Tag"/> side output; <paramref name="parsed"/>, when given, counts the good lines.
    /// </summary>
    public static DataStream<NexmarkEvent> File(StreamEnvironment env, string path, RecordCounter? parsed = null)
    {
        ArgumentNullException.ThrowIfNull(env);
        LineParser<NexmarkEvent> parser = parsed is null
            ? NexmarkJson.TryParse
            : (ReadOnlySpan<byte> line, out NexmarkEvent e, out string? error) =>
            {
                if (!NexmarkJson.TryParse(line, out e, out error)) return false;
                parsed.Add(1);
                return true;
            };
        return env.FromSource(new FileSource<NexmarkEvent>([path], parser), Watermarks, "Nexmark events");
    }
}
