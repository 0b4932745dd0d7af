using Compiled.Connectors.Kafka.Formats;
using System.Buffers;
using Confluent.Kafka;

namespace Compiled.Connectors.Kafka.Sink;

/// <summary>What the Kafka sink's writers share: encoding records and creating producers for the sink's topic.</summary>
internal abstract class KafkaWriter<T> : ISinkWriter<T>
{
    private readonly Action<T, IBufferWriter<byte>> _encode;
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);

    protected KafkaWriter(KafkaSinkOptions<T> options, KafkaFormat<T> format, SinkContext context)
    {
        Options = options;
        Context = context;
        _encode = format.CreateWriter!();
    }

    protected KafkaSinkOptions<T> Options { get; }

    protected SinkContext Context { get; }

    /// <summary>A message waiting to be produced.</summary>
    protected readonly record struct Pending(byte[]? Key, byte[] Value, long Timestamp);

    /// <summary>Encodes a record's key and value.</summary>
    protected Pending Encode(in T value, long timestamp)
    {
        _buffer.ResetWrittenCount();
        _encode(value, _buffer);
        return new Pending(Options.Key?.Invoke(value), _buffer.WrittenSpan.ToArray(), timestamp);
    }

    /// <summary>A producer for the sink's topic (checked to exist, so a wrong name fails at start, not after a delivery timeout).</summary>
    protected ProducerSession CreateSession(string? transactionalId)
    {
        var config = new ProducerConfig(Options.Properties.ToDictionary())
        {
            BootstrapServers = Options.BootstrapServers,
            ClientId = $"{Context.SinkName}-{Context.SubtaskIndex}",
        };
        config.EnableIdempotence ??= true;
        if (transactionalId is not null)
        {
            config.TransactionalId = transactionalId;
            // A transaction stays open from a checkpoint's first record to its completion; the broker's default maximum.
            config.TransactionTimeoutMs ??= 15 * 60 * 1000;
        }
        var session = new ProducerSession(config, Options.Topic, Options.RequestTimeout, trackOffsets: Options.TransactionListener is not null);
        try
        {
            using var metadata = new TopicMetadata(session.Producer.Handle, [Options.Topic], Options.BootstrapServers, Options.RequestTimeout);
            metadata.Partitions();
        }
        catch
        {
            session.Dispose();
            throw;
        }
        return session;
    }

    public abstract void Write(in T value, long timestamp);

    public abstract void Finish();

    public abstract void Dispose();
}
