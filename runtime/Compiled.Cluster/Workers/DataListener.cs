using System.Net;
using System.Net.Sockets;
using Compiled.Cluster.Data;
using Compiled.Cluster.Security;
using Compiled.Cluster.Wire;
using Microsoft.Extensions.Logging;

namespace Compiled.Cluster.Workers;

/// <summary>
/// A worker's data-plane listener. Peers open one authenticated connection per worker pair and attempt, introduced by
/// a DataHello (attempt, worker id); it is handed to the attempt, or parked until this worker starts that attempt.
/// Connections of attempts that are over are closed.
/// </summary>
internal sealed class DataListener : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly ClusterSecret _secret;
    private readonly ConnectionOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<long, Action<int, FrameConnection>> _attempts = [];
    private readonly Dictionary<(long Attempt, int Peer), FrameConnection> _parked = [];
    private readonly Task _accepting;
    private long _closedUpTo = -1;

    public DataListener(IPAddress bind, ClusterSecret secret, ConnectionOptions options, ILogger logger)
    {
        _secret = secret;
        _options = options;
        _logger = logger;
        _listener = new TcpListener(bind, 0);
        _listener.Start();
        Endpoint = (IPEndPoint)_listener.LocalEndpoint;
        _accepting = Task.Run(AcceptLoopAsync);
    }

    public IPEndPoint Endpoint { get; }

    /// <summary>Hands connections of <paramref name="attempt"/> (also those that arrived early) to <paramref name="onConnection"/>.</summary>
    public void Register(long attempt, Action<int, FrameConnection> onConnection)
    {
        List<(int, FrameConnection)> early;
        lock (_gate)
        {
            _attempts[attempt] = onConnection;
            early = [.. _parked.Where(kv => kv.Key.Attempt == attempt).Select(kv => (kv.Key.Peer, kv.Value))];
            foreach (var (peer, _) in early) _parked.Remove((attempt, peer));
        }
        foreach (var (peer, connection) in early) onConnection(peer, connection);
    }

    /// <summary>The attempt is over: later connections for it or older ones are refused.</summary>
    public void Close(long attempt)
    {
        List<FrameConnection> stale;
        lock (_gate)
        {
            _attempts.Remove(attempt);
            _closedUpTo = Math.Max(_closedUpTo, attempt);
            stale = [.. _parked.Where(kv => kv.Key.Attempt <= attempt).Select(kv => kv.Value)];
            foreach (var key in _parked.Keys.Where(k => k.Attempt <= attempt).ToList()) _parked.Remove(key);
        }
        foreach (var connection in stale) _ = connection.DisposeAsync().AsTask();
    }

    /// <summary>Opens the data connection of <paramref name="attempt"/> to <paramref name="peer"/>.</summary>
    public async Task<FrameConnection> ConnectAsync(IPEndPoint peer, long attempt, int self, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            try
            {
                var connection = await FrameConnection.ConnectAsync(peer, _secret, ConnectionPurpose.Data, _options, cancellation).ConfigureAwait(false);
                await connection.SendAsync(FrameKind.DataHello, new PayloadWriter().WriteVarLong(attempt).WriteVarULong((uint)self).Written.ToArray(), cancellation).ConfigureAwait(false);
                return connection;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, cancellation).ConfigureAwait(false);
            }
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try { socket = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false); }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException) { return; }
            _ = Task.Run(() => IntroduceAsync(socket));
        }
    }

    private async Task IntroduceAsync(Socket socket)
    {
        var accepted = await FrameConnection.AcceptAsync(socket, _secret, _options, _logger, _stop.Token).ConfigureAwait(false);
        if (accepted is not { } pair) return;
        var connection = pair.Connection;
        try
        {
            if (pair.Purpose != ConnectionPurpose.Data) throw new ProtocolException("a control connection was opened to a worker's data port");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            timeout.CancelAfter(_options.HandshakeTimeout);
            var (kind, payload) = await connection.ReceiveAsync(FrameConnection.HandshakeMaxPayload, timeout.Token).ConfigureAwait(false);
            if (kind != FrameKind.DataHello) throw new ProtocolException($"expected a data hello, got kind {(byte)kind}");
            var (attempt, peer) = ReadHello(payload);
            Action<int, FrameConnection>? handler;
            lock (_gate)
            {
                if (!_attempts.TryGetValue(attempt, out handler))
                {
                    if (attempt <= _closedUpTo) throw new ProtocolException($"attempt {attempt} is over");
                    if (_parked.Remove((attempt, peer), out var previous)) _ = previous.DisposeAsync().AsTask();
                    _parked[(attempt, peer)] = connection;
                    return;
                }
            }
            handler(peer, connection);
        }
        catch (Exception ex) when (ex is ProtocolException or IOException or OperationCanceledException or SocketException)
        {
            _logger.LogWarning("Closed data connection from {Remote}: {Reason}", connection.Remote, ex.Message);
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static (long Attempt, int Peer) ReadHello(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload);
        return (reader.ReadVarLong(), reader.ReadCount());
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        try { await _accepting.ConfigureAwait(false); } catch (OperationCanceledException) { }
        Close(long.MaxValue);
        _stop.Dispose();
    }
}
