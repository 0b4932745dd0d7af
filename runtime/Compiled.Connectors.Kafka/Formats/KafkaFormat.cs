using System.Buffers;
using Compiled.Connectors.Files;

namespace Compiled.Connectors.Kafka.Formats;

/// <summary>
/// How records map to Kafka message values: <see cref="Parse"/> reads one value (for sources; a failure sends the
/// message to the dead-letter output), <see cref="CreateWriter"/> makes an encoder of records (for sinks). Create one with the
/// factories of <see cref="KafkaFormat"/>.
/// </summary>
/// <typeparam name="T">The record type.</typeparam>
public sealed class KafkaFormat<T>
{
    /// <summary>Creates a format; either direction may be missing (a source needs <paramref name="parse"/>, a sink <paramref name="writerPerSubtask"/>).</summary>
    /// <param name="name">Name used in error messages, e.g. "JSON".</param>
    /// <param name="parse">Reads a message value; returns false with a reason for a malformed one. Must be thread-safe (readers run in parallel).</param>
    /// <param name="writerPerSubtask">Creates, for each parallel sink writer, the function that appends a record's encoding to a buffer.</param>
    public KafkaFormat(string name, LineParser<T>? parse, Func<Action<T, IBufferWriter<byte>>>? writerPerSubtask)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (parse is null && writerPerSubtask is null) throw new ArgumentException("A Kafka format needs a parser, a writer or both.", nameof(parse));
        Name = name;
        Parse = parse;
        CreateWriter = writerPerSubtask;
    }

    /// <summary>Name used in error messages.</summary>
    public string Name { get; }

    /// <summary>Reads a message value, or null when this format only writes.</summary>
    public LineParser<T>? Parse { get; }

    /// <summary>Creates one sink writer's encoder, or null when this format only reads.</summary>
    public Func<Action<T, IBufferWriter<byte>>>? CreateWriter { get; }
}
