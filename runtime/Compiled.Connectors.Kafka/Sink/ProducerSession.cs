using System.Diagnostics;
using Confluent.Kafka;

namespace Compiled.Connectors.Kafka.Sink;

/// <summary>
/// One producer and what it has in flight: messages are produced asynchronously; <see cref="Flush"/> waits until the
/// brokers acknowledged every one and raises the first failed delivery. When tracking it also
/// records where each acknowledged message landed (for <see cref="KafkaTransactionEvent.Records"/>).
/// </summary>
internal sealed class ProducerSession : IDisposable
{
    private readonly IProducer<byte[]?, byte[]> _producer;
    private readonly string _topic;
    private readonly TimeSpan _timeout;
    private readonly Action<DeliveryReport<byte[]?, byte[]>> _onDelivery;
    private readonly List<TopicPartitionOffset>? _delivered;
    private long _outstanding;
    private volatile Error? _fatal;
    private Exception? _failure;

    public ProducerSession(ProducerConfig config, string topic, TimeSpan timeout, bool trackOffsets)
    {
        _topic = topic;
        _timeout = timeout;
        string client = config.TransactionalId ?? config.ClientId ?? "producer";
        _delivered = trackOffsets ? [] : null;
        _onDelivery = OnDelivery;
        _producer = new ProducerBuilder<byte[]?, byte[]>(config)
            .SetLogHandler((_, m) => KafkaClientLog.Log(client, m))
            .SetErrorHandler((_, e) =>
            {
                if (e.IsFatal) _fatal ??= e;
                KafkaClientLog.Error(client, e);
            })
            .Build();
        TransactionalId = config.TransactionalId;
    }

    public string? TransactionalId { get; }

    public IProducer<byte[]?, byte[]> Producer => _producer;

    /// <summary>Produces one message; waits (flushing) while the local queue is full, so memory stays bounded.</summary>
    public void Produce(byte[]? key, byte[] value, long timestamp)
    {
        if (_fatal is { } fatal) throw new KafkaException(fatal);
        var message = new Message<byte[]?, byte[]>
        {
            Key = key,
            Value = value,
            Timestamp = timestamp == long.MinValue ? Timestamp.Default : new Timestamp(timestamp, TimestampType.CreateTime),
        };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            Interlocked.Increment(ref _outstanding);
            try
            {
                _producer.Produce(_topic, message, _onDelivery);
                return;
            }
            catch (ProduceException<byte[]?, byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
            {
                Interlocked.Decrement(ref _outstanding);
                if (deadline.Elapsed > _timeout) throw new TimeoutException($"Kafka producer queue stayed full for {_timeout.TotalSeconds:0} s: are the brokers at {_topic}'s partitions reachable?", ex);
                _producer.Flush(TimeSpan.FromMilliseconds(100));
            }
            catch
            {
                Interlocked.Decrement(ref _outstanding);
                throw;
            }
        }
    }

    private void OnDelivery(DeliveryReport<byte[]?, byte[]> report)
    {
        if (report.Error.IsError) Interlocked.CompareExchange(ref _failure, new KafkaException(report.Error), null);
        else if (_delivered is { } delivered)
        {
            lock (delivered) delivered.Add(report.TopicPartitionOffset);
        }
        Interlocked.Decrement(ref _outstanding);
    }

    /// <summary>Waits until every produced message is acknowledged; throws the first delivery failure.</summary>
    public void Flush()
    {
        var deadline = Stopwatch.StartNew();
        // Flush returns once librdkafka handed out the delivery reports; the count says when our handler has run too.
        while (_producer.Flush(TimeSpan.FromMilliseconds(100)) > 0 || Interlocked.Read(ref _outstanding) > 0)
        {
            if (deadline.Elapsed > _timeout)
                throw new TimeoutException($"Kafka did not acknowledge {Interlocked.Read(ref _outstanding)} messages to '{_topic}' within {_timeout.TotalSeconds:0} s.");
            if (Interlocked.Read(ref _outstanding) > 0) Thread.Yield();
        }
        ThrowIfFailed();
    }

    /// <summary>Raises the first failed delivery (or fatal client error), if any.</summary>
    public void ThrowIfFailed()
    {
        if (_fatal is { } fatal) throw new KafkaException(fatal);
        if (Interlocked.Exchange(ref _failure, null) is { } failure)
            throw new KafkaException(new Error(ErrorCode.Local_Fail, $"A message to Kafka topic '{_topic}' was not delivered: {failure.Message}"), failure);
    }

    /// <summary>Where the messages acknowledged since the last call landed (empty unless tracking).</summary>
    public IReadOnlyList<TopicPartitionOffset> TakeDelivered()
    {
        if (_delivered is not { } delivered) return [];
        lock (delivered)
        {
            var taken = delivered.ToList();
            delivered.Clear();
            return taken;
        }
    }

    /// <summary>Where the messages acknowledged since the last <see cref="TakeDelivered"/> landed, keeping them (empty unless tracking).</summary>
    public IReadOnlyList<TopicPartitionOffset> PeekDelivered()
    {
        if (_delivered is not { } delivered) return [];
        lock (delivered) return delivered.ToList();
    }

    /// <summary>Forgets failures of messages a transaction abort discarded.</summary>
    public void ResetFailures() => Interlocked.Exchange(ref _failure, null);

    public void Dispose() => _producer.Dispose();
}
