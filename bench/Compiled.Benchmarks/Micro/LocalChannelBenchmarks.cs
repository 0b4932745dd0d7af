using BenchmarkDotNet.Attributes;
using Compiled.Network;

namespace Compiled.Benchmarks.Micro;

/// <summary>
/// The in-process exchange between two tasks: records move in pooled batches through a bounded <see cref="LocalChannel{T}"/>.
/// Per record: on one thread (rent, fill, send, receive, read, recycle) and between a producer and a consumer thread.
/// Run with <c>./build.sh bench -- micro --filter *LocalChannelBenchmarks*</c>.
/// </summary>
[MemoryDiagnoser]
public class LocalChannelBenchmarks
{
    private const int Records = 1 << 20;
    private LocalChannel<long> _channel = null!;

    /// <summary>Records per batch (the engine's default is 512).</summary>
    [Params(64, 512)]
    public int BatchSize { get; set; }

    /// <summary>A channel of 4 batches, as the engine's default.</summary>
    [GlobalSetup]
    public void Setup() => _channel = new LocalChannel<long>(capacity: 4, BatchSize);

    /// <summary>Send and receive on one thread: the channel's own cost without any waiting.</summary>
    [Benchmark(OperationsPerInvoke = Records)]
    public long OneThread()
    {
        long sum = 0;
        for (int sent = 0; sent < Records; sent += BatchSize)
        {
            Send(sent);
            if (!_channel.TryReceive(out var batch)) throw new InvalidOperationException("the batch just sent is missing");
            sum += Consume(batch);
        }
        return sum;
    }

    /// <summary>A producer thread and a consumer thread, with backpressure when the channel is full.</summary>
    [Benchmark(OperationsPerInvoke = Records)]
    public long TwoThreads()
    {
        var consumer = Task.Factory.StartNew(() =>
        {
            long sum = 0, received = 0;
            var spin = new SpinWait();
            while (received < Records)
            {
                if (!_channel.TryReceive(out var batch))
                {
                    spin.SpinOnce();
                    continue;
                }
                received += batch.Count;
                sum += Consume(batch);
            }
            return sum;
        }, TaskCreationOptions.LongRunning);
        for (int sent = 0; sent < Records; sent += BatchSize) Send(sent);
        return consumer.Result;
    }

    private void Send(int first)
    {
        var batch = _channel.RentBatch();
        for (int i = 0; i < BatchSize; i++)
        {
            batch.Values[i] = first + i;
            batch.Timestamps[i] = first + i;
        }
        batch.Count = BatchSize;
        _channel.Send(batch, CancellationToken.None);
    }

    private long Consume(StreamBatch<long> batch)
    {
        long sum = 0;
        for (int i = 0; i < batch.Count; i++) sum += batch.Values[i];
        _channel.Recycle(batch);
        return sum;
    }
}
