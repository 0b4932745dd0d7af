using System.Threading.Channels;
using Compiled.Cluster.Wire;

namespace Compiled.Cluster.Control;

/// <summary>
/// Sends control frames in order from any thread without blocking the caller (a task thread acknowledging a checkpoint
/// must not wait for the network). A send failure ends the loop; the connection's reader notices the loss.
/// </summary>
internal sealed class ControlSender
{
    private readonly Channel<(FrameKind Kind, byte[] Payload)> _queue = Channel.CreateUnbounded<(FrameKind, byte[])>(new UnboundedChannelOptions { SingleReader = true });
    private readonly FrameConnection _connection;

    public ControlSender(FrameConnection connection, CancellationToken cancellation)
    {
        _connection = connection;
        Completion = Task.Run(() => RunAsync(cancellation), CancellationToken.None);
    }

    public Task Completion { get; }

    /// <summary>Largest payload the peer accepts.</summary>
    public int MaxPayload => _connection.MaxPayload;

    public void Send(FrameKind kind, byte[] payload) => _queue.Writer.TryWrite((kind, payload));

    public void Send(FrameKind kind, Action<PayloadWriter> write)
    {
        var writer = new PayloadWriter();
        write(writer);
        Send(kind, writer.Written.ToArray());
    }

    public void Complete() => _queue.Writer.TryComplete();

    private async Task RunAsync(CancellationToken cancellation)
    {
        try
        {
            await foreach (var (kind, payload) in _queue.Reader.ReadAllAsync(cancellation).ConfigureAwait(false))
                await _connection.SendAsync(kind, payload, cancellation).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            _connection.Abort();
        }
    }
}
