using Compiled.Cluster.Data;
using Compiled.Cluster.Tests.Support;
using Compiled.Network;

namespace Compiled.Cluster.Tests.Data;

/// <summary>The network shuffle over a real loopback connection: order, in-band events, credit-based backpressure.</summary>
public sealed class ShuffleTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RecordsAndInBandEventsArriveInOrderAcrossFrames()
    {
        // A small frame limit makes large batches span several frames (each needs its own credit).
        await using var shuffle = await ShuffleHarness.StartAsync(channels: 1, capacity: 3, batchSize: 64, new DataPlaneOptions { FrameSoftLimit = 2048 });
        var random = new Random(5);
        var expected = new List<string>();
        var producer = Task.Run(() =>
        {
            var writer = shuffle.Writers[0];
            for (int i = 0; i < 3000; i++)
            {
                var bid = ShuffleHarness.NewBid(i, random.Next(0, i % 97 == 0 ? 5000 : 200));
                writer.Emit(bid, 1_000 + i);
                expected.Add($"r{i}@{1_000 + i}:{bid.Extra.Length}");
                if (i % 700 == 699)
                {
                    writer.BroadcastControl(ControlKind.Watermark, i);
                    expected.Add($"Watermark:{i}");
                }
                if (i == 1500)
                {
                    writer.BroadcastControl(ControlKind.Barrier, 42);
                    expected.Add("Barrier:42");
                }
            }
            writer.Flush();
            writer.BroadcastControl(ControlKind.EndOfPartition);
            expected.Add("EndOfPartition:0");
        });

        var received = await Task.Run(() => shuffle.Drain(0, Timeout));
        await producer;
        Assert.Equal(expected, received);
        await shuffle.Completion.WaitAsync(Timeout); // both sides half-close once every channel ended
        Assert.True(shuffle.Outputs[0].FramesSent > 3000 * 100 / 2048, "large batches were split into several frames");
    }

    [Fact]
    public async Task ASavepointsBarrierArrivesAsABarrierAndTheReceiverLearnsItIsASavepoint()
    {
        await using var shuffle = await ShuffleHarness.StartAsync(channels: 1, capacity: 2, batchSize: 8, new DataPlaneOptions());
        shuffle.SenderSavepoints.Add(7);
        var producer = Task.Run(() =>
        {
            var writer = shuffle.Writers[0];
            writer.Emit(ShuffleHarness.NewBid(1, 3), 10);
            writer.BroadcastControl(ControlKind.Barrier, 6);
            writer.BroadcastControl(ControlKind.Barrier, 7);
            writer.BroadcastControl(ControlKind.EndOfPartition);
        });
        var received = await Task.Run(() => shuffle.Drain(0, Timeout));
        await producer;
        Assert.Equal(["r1@10:3", "Barrier:6", "Barrier:7", "EndOfPartition:0"], received);
        Assert.True(shuffle.ReceiverSavepoints.Contains(7));
        Assert.False(shuffle.ReceiverSavepoints.Contains(6));
    }

    [Fact]
    public async Task AStalledChannelBackpressuresOnlyItsProducerAndMemoryStaysBounded()
    {
        const int capacity = 2, batchSize = 16, stalledRecords = 5_000, flowingRecords = 3_000;
        await using var shuffle = await ShuffleHarness.StartAsync(channels: 2, capacity, batchSize, new DataPlaneOptions());
        long stalledEmitted = 0;
        var stalledProducer = new Thread(() =>
        {
            for (int i = 0; i < stalledRecords; i++)
            {
                shuffle.Writers[0].Emit(ShuffleHarness.NewBid(i, 10), i);
                Interlocked.Exchange(ref stalledEmitted, i + 1);
            }
            shuffle.Writers[0].BroadcastControl(ControlKind.EndOfPartition);
        }) { IsBackground = true };
        stalledProducer.Start();

        var flowing = Task.Run(() =>
        {
            for (int i = 0; i < flowingRecords; i++) shuffle.Writers[1].Emit(ShuffleHarness.NewBid(i, 10), i);
            shuffle.Writers[1].BroadcastControl(ControlKind.EndOfPartition);
        });
        // Channel 1 flows to its end on the same connection while nobody reads channel 0.
        var flowed = await Task.Run(() => shuffle.Drain(1, Timeout));
        await flowing;
        Assert.Equal(flowingRecords + 1, flowed.Count);

        // Channel 0's producer is blocked: the receiver holds exactly its credited batches, the sender its bounded queue.
        Assert.True(stalledProducer.IsAlive, "the stalled channel's producer should be blocked");
        long emittedWhileStalled = Interlocked.Read(ref stalledEmitted);
        int bound = (2 * capacity + 2) * batchSize; // receiver slots + sender slots + the batch being filled + the one in the connection's hands
        Assert.InRange(emittedWhileStalled, 1, bound);
        Assert.Equal(capacity, shuffle.Receiving[0].Queued);
        Assert.Equal(0, shuffle.Outputs[0].Credits);
        Assert.InRange(shuffle.Receiving[0].BatchesAllocated, 1, capacity);
        Assert.InRange(shuffle.Sending[0].BatchesAllocated, 1, capacity + 2);
        Thread.Sleep(200);
        Assert.Equal(emittedWhileStalled, Interlocked.Read(ref stalledEmitted)); // still no progress without credit

        // Reading channel 0 grants credits again and everything arrives, in order.
        var stalled = await Task.Run(() => shuffle.Drain(0, Timeout));
        Assert.Equal(stalledRecords + 1, stalled.Count);
        Assert.Equal(Enumerable.Range(0, stalledRecords).Select(i => $"r{i}@{i}:10"), stalled.Take(stalledRecords));
        Assert.True(stalledProducer.Join(Timeout));
        await shuffle.Completion.WaitAsync(Timeout);
    }
}
