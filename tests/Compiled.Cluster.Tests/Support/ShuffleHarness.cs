using Compiled.Cluster.Data;
using Compiled.Connectors.Nexmark;
using Compiled.Network;
using Compiled.Serialization;

namespace Compiled.Cluster.Tests.Support;

/// <summary>
/// Logical channels of <see cref="Bid"/> over one real loopback connection: producers write through the engine's
/// <see cref="RecordWriter{T}"/> into local channels on the sending side, consumers read local channels on the
/// receiving side, and two <see cref="DataConnection"/>s move the batches between them.
/// </summary>
internal sealed class ShuffleHarness : IAsyncDisposable
{
    private readonly List<Task> _runs = [];
    private readonly CancellationTokenSource _stop = new();

    private ShuffleHarness(int channels, int capacity, int batchSize)
    {
        var serializer = RecordSerializers.Get<Bid>();
        for (int c = 0; c < channels; c++)
        {
            var id = new ChannelId(0, c, c);
            var sending = new LocalChannel<Bid>(capacity, batchSize);
            var receiving = new LocalChannel<Bid>(capacity, batchSize);
            Sending.Add(sending);
            Receiving.Add(receiving);
            Outputs.Add(new RemoteOutputChannel<Bid>(id, sending, serializer) { Savepoints = SenderSavepoints });
            Inputs.Add(new RemoteInputChannel<Bid>(id, receiving, serializer) { Savepoints = ReceiverSavepoints });
            Writers.Add(new RecordWriter<Bid>([sending], new ForwardPartitioner<Bid>(), _stop.Token));
        }
    }

    /// <summary>Savepoint ids the sending worker knows (its barriers of these ids go out marked).</summary>
    public SavepointIds SenderSavepoints { get; } = new();

    /// <summary>Savepoint ids the receiving worker learned from marked barriers.</summary>
    public SavepointIds ReceiverSavepoints { get; } = new();

    public List<LocalChannel<Bid>> Sending { get; } = [];
    public List<LocalChannel<Bid>> Receiving { get; } = [];
    public List<RemoteOutputChannel> Outputs { get; } = [];
    public List<RemoteInputChannel> Inputs { get; } = [];
    public List<RecordWriter<Bid>> Writers { get; } = [];
    public DataConnection? Sender { get; private set; }

    public static async Task<ShuffleHarness> StartAsync(int channels, int capacity, int batchSize, DataPlaneOptions options)
    {
        var harness = new ShuffleHarness(channels, capacity, batchSize);
        var (server, client) = await Loopback.PairAsync();
        harness.Sender = new DataConnection(client, harness.Outputs, [], options);
        var receiver = new DataConnection(server, [], harness.Inputs, options);
        harness._runs.Add(receiver.RunAsync(harness._stop.Token));
        harness._runs.Add(harness.Sender.RunAsync(harness._stop.Token));
        return harness;
    }

    /// <summary>Both connections' loops, which end when every channel ended.</summary>
    public Task Completion => Task.WhenAll(_runs);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await Task.WhenAll(_runs).WaitAsync(TimeSpan.FromSeconds(10)); } catch (Exception) { /* cancelled loops */ }
        _stop.Dispose();
    }

    /// <summary>Reads channel <paramref name="channel"/> until end-of-partition, logging records and in-band events.</summary>
    public List<string> Drain(int channel, TimeSpan timeout)
    {
        var log = new List<string>();
        var deadline = DateTime.UtcNow + timeout;
        var local = Receiving[channel];
        while (DateTime.UtcNow < deadline)
        {
            if (!local.TryReceive(out var batch))
            {
                Thread.Sleep(1);
                continue;
            }
            for (int i = 0; i < batch.Count; i++) log.Add($"r{batch.Values[i].Auction}@{batch.Timestamps[i]}:{batch.Values[i].Extra.Length}");
            var control = batch.Control;
            long value = batch.ControlValue;
            local.Recycle(batch);
            if (control != ControlKind.None) log.Add($"{control}:{value}");
            if (control == ControlKind.EndOfPartition) return log;
        }
        throw new TimeoutException($"channel {channel} did not end within {timeout}; read {log.Count} entries");
    }

    public static Bid NewBid(long auction, int extraLength) =>
        new(auction, auction * 7, auction * 3, "channel-" + (auction % 13), "https://example.org/" + auction, 1_000 + auction, new string('x', extraLength));
}
