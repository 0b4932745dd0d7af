using System.Buffers;
using System.Net.Sockets;
using Compiled.Cluster.Wire;
using Compiled.Network;

namespace Compiled.Cluster.Data;

/// <summary>
/// The one TCP connection between two workers, carrying every logical channel between them in both directions. A
/// writer loop sends credits for the channels this side receives and, round-robin, one frame per channel that has both
/// data and credit, so a channel without credit never holds up the others; a reader loop delivers data frames into the
/// consumers' local channels and adds granted credits. When every channel ended both ways, each side half-closes.
/// </summary>
internal sealed class DataConnection : IInputAvailabilityListener
{
    private readonly FrameConnection _connection;
    private readonly RemoteOutputChannel[] _outputs;
    private readonly Dictionary<ChannelId, RemoteOutputChannel> _outputsById;
    private readonly RemoteInputChannel[] _inputs;
    private readonly Dictionary<ChannelId, RemoteInputChannel> _inputsById;
    private readonly DataPlaneOptions _options;
    private readonly AsyncSignal _wake = new();
    private readonly PayloadWriter _payload = new();
    private int _next;

    public DataConnection(FrameConnection connection, IEnumerable<RemoteOutputChannel> outputs, IEnumerable<RemoteInputChannel> inputs, DataPlaneOptions options)
    {
        _connection = connection;
        _outputs = [.. outputs];
        _inputs = [.. inputs];
        _outputsById = _outputs.ToDictionary(o => o.Id);
        _inputsById = _inputs.ToDictionary(i => i.Id);
        _options = options;
        foreach (var output in _outputs) output.Listen(this);
        foreach (var input in _inputs) input.CreditsAvailable = _wake.Set;
    }

    /// <summary>The peer, for messages.</summary>
    public string Remote => _connection.Remote;

    /// <inheritdoc />
    public void NotifyInputAvailable() => _wake.Set();

    /// <summary>Runs until every channel ended both ways; throws when the peer goes away before that or breaks the protocol.</summary>
    public async Task RunAsync(CancellationToken cancellation)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var reader = Task.Run(() => ReadLoopAsync(stop.Token), CancellationToken.None);
        var writer = Task.Run(() => WriteLoopAsync(stop.Token), CancellationToken.None);
        var first = await Task.WhenAny(reader, writer).ConfigureAwait(false);
        if (first.IsFaulted || first.IsCanceled)
        {
            await stop.CancelAsync().ConfigureAwait(false);
            _connection.Abort();
        }
        try
        {
            await Task.WhenAll(reader, writer).ConfigureAwait(false);
        }
        catch when (first.IsFaulted)
        {
            await first.ConfigureAwait(false); // the first failure is the cause; the other loop only saw the abort
        }
    }

    private async Task ReadLoopAsync(CancellationToken cancellation)
    {
        await _connection.ReadLoopAsync(OnFrame, cancellation).ConfigureAwait(false);
        var open = _inputs.Where(i => !i.Ended).Select(i => i.Id.ToString()).ToList();
        if (open.Count > 0)
            throw new IOException($"Worker {Remote} closed the data connection while {string.Join(", ", open)} had not ended: the worker is gone.");
    }

    private bool OnFrame(FrameKind kind, ReadOnlySequence<byte> payload)
    {
        byte[]? rented = null;
        ReadOnlySpan<byte> span;
        if (payload.IsSingleSegment) span = payload.FirstSpan;
        else
        {
            rented = ArrayPool<byte>.Shared.Rent((int)payload.Length);
            payload.CopyTo(rented);
            span = rented.AsSpan(0, (int)payload.Length);
        }
        try
        {
            var reader = new PayloadReader(span);
            var id = ChannelId.Read(ref reader);
            switch (kind)
            {
                case FrameKind.Data:
                    if (!_inputsById.TryGetValue(id, out var input)) throw new ProtocolException($"Data for unknown channel {id}.");
                    input.Receive(reader.Remaining);
                    if (input.Ended) _wake.Set(); // the writer may be waiting for every channel to end
                    break;
                case FrameKind.Credit:
                    if (!_outputsById.TryGetValue(id, out var output)) throw new ProtocolException($"Credit for unknown channel {id}.");
                    int credits = reader.ReadCount();
                    if (credits > _options.MaxCreditsPerChannel) throw new ProtocolException($"{credits} credits for {id} exceed the limit {_options.MaxCreditsPerChannel}.");
                    output.AddCredits(credits);
                    _wake.Set();
                    break;
                default:
                    throw new ProtocolException($"Unexpected frame kind {(byte)kind} on a data connection.");
            }
            return true;
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private async Task WriteLoopAsync(CancellationToken cancellation)
    {
        var output = _connection.Output;
        var credit = new PayloadWriter();
        while (true)
        {
            bool progress = true;
            while (progress)
            {
                progress = false;
                foreach (var input in _inputs)
                {
                    int credits = input.TakeCredits();
                    if (credits == 0) continue;
                    input.Id.Write(credit.Clear());
                    credit.WriteVarULong((uint)credits);
                    Frames.Write(output, FrameKind.Credit, credit.Written);
                    progress = true;
                }
                for (int k = 0; k < _outputs.Length; k++)
                {
                    var channel = _outputs[(_next + k) % _outputs.Length];
                    if (!channel.TryWriteFrame(_payload, _options.FrameSoftLimit)) continue;
                    Frames.Write(output, FrameKind.Data, _payload.Written);
                    progress = true;
                    if (output.UnflushedBytes >= _options.FlushThreshold) await output.FlushAsync(cancellation).ConfigureAwait(false);
                }
                _next = _outputs.Length == 0 ? 0 : (_next + 1) % _outputs.Length;
            }
            await output.FlushAsync(cancellation).ConfigureAwait(false);
            if (_outputs.All(o => o.Finished) && _inputs.All(i => i.Ended))
            {
                _connection.ShutdownSend();
                return;
            }
            await _wake.WaitAsync(cancellation).ConfigureAwait(false);
        }
    }
}

/// <summary>Settings of the network shuffle.</summary>
public sealed record DataPlaneOptions
{
    /// <summary>A data frame is closed once it holds this many bytes (a larger batch continues in the next frame).</summary>
    public int FrameSoftLimit { get; init; } = 256 * 1024;

    /// <summary>Buffered output is flushed to the socket once it reaches this many bytes (and whenever the writer has nothing more to send).</summary>
    public int FlushThreshold { get; init; } = 128 * 1024;

    /// <summary>Most credits a peer may grant at once (more is a protocol violation).</summary>
    public int MaxCreditsPerChannel { get; init; } = 1024;

    /// <summary>
    /// Longest time a record may wait in a partially filled batch of a busy task before it is sent (Flink's buffer
    /// timeout): bounds latency at low rates. Idle tasks flush at once anyway.
    /// </summary>
    public TimeSpan FlushTimeout { get; init; } = TimeSpan.FromMilliseconds(5);
}
