using System.Text;
using Confluent.Kafka;

namespace Compiled.Connectors.Kafka.Tests.Support;

/// <summary>Produces readings 0, 1, 2, … round-robin over the first partitions of a topic, one every 2 ms, until disposed or done.</summary>
public sealed class ProducerThread : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private int _produced;

    /// <summary>Starts producing.</summary>
    public ProducerThread(string bootstrap, string topic, int partitions, int count)
    {
        _thread = new Thread(() =>
        {
            using var producer = new ProducerBuilder<Null, byte[]>(new ProducerConfig { BootstrapServers = bootstrap, LingerMs = 1 }).Build();
            for (int i = 0; i < count && !_stop.IsCancellationRequested; i++)
            {
                producer.Produce(new TopicPartition(topic, i % partitions), new Message<Null, byte[]> { Value = Encoding.UTF8.GetBytes(Reading.Json(i)) });
                if (i % 4 == 3)
                {
                    producer.Flush(TimeSpan.FromSeconds(5));
                    Volatile.Write(ref _produced, i + 1);
                    _stop.Token.WaitHandle.WaitOne(8);
                }
            }
            producer.Flush(TimeSpan.FromSeconds(5));
        }) { IsBackground = true, Name = "test producer" };
        _thread.Start();
    }

    /// <summary>Readings acknowledged so far.</summary>
    public int Produced => Volatile.Read(ref _produced);

    /// <inheritdoc />
    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _stop.Dispose();
    }
}
