using Compiled.Connectors.Kafka.Formats;
using Compiled.Connectors.Kafka.Native;

namespace Compiled.Connectors.Kafka.Sink;

/// <summary>
/// Writes records to a Kafka topic, with the guarantee chosen in <see cref="KafkaSinkOptions{T}.Guarantee"/>:
/// at-least-once (flush at every checkpoint barrier) or exactly-once (a transaction per checkpoint, committed when the
/// checkpoint completes; see <see cref="KafkaDeliveryGuarantee.ExactlyOnce"/>).
/// </summary>
/// <typeparam name="T">The record type.</typeparam>
public sealed class KafkaSink<T> : ISink<T>
{
    private readonly KafkaSinkOptions<T> _options;
    private readonly KafkaFormat<T> _format;

    /// <summary>Creates a sink; fails with a message saying what to change when a setting is wrong.</summary>
    public KafkaSink(KafkaSinkOptions<T> options, KafkaFormat<T> format)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(format);
        options.Validate();
        if (format.CreateWriter is null) throw new ArgumentException($"The {format.Name} format given to the Kafka sink can only read; give a format that writes.", nameof(format));
        KafkaNativeLibrary.EnsureLoaded();
        _options = options;
        _format = format;
    }

    /// <summary>The sink's settings.</summary>
    public KafkaSinkOptions<T> Options => _options;

    /// <inheritdoc />
    public ISinkWriter<T> CreateWriter(SinkContext context) => _options.Guarantee == KafkaDeliveryGuarantee.ExactlyOnce
        ? new TransactionalWriter<T>(_options, _format, context)
        : new AtLeastOnceWriter<T>(_options, _format, context);
}
