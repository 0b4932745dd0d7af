using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Compiled.Cluster.Security;
using Microsoft.Extensions.Logging;

namespace Compiled.Cluster.Wire;

/// <summary>
/// An authenticated TCP connection that carries frames, over System.IO.Pipelines with pooled buffers. Sends are
/// serialized by a lock (any thread may send); reading is done by one loop. A peer that fails authentication, sends an
/// oversized frame or breaks the protocol is disconnected.
/// </summary>
public sealed class FrameConnection : IAsyncDisposable
{
    /// <summary>Largest frame before authentication: a handshake needs less than this, so strangers cannot make us buffer.</summary>
    public const int HandshakeMaxPayload = 256;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private int _disposed;

    private FrameConnection(Socket socket, int maxPayload)
    {
        _socket = socket;
        _socket.NoDelay = true;
        _stream = new NetworkStream(socket, ownsSocket: true);
        Input = PipeReader.Create(_stream, new StreamPipeReaderOptions(pool: MemoryPool<byte>.Shared, bufferSize: 64 * 1024, leaveOpen: true));
        Output = PipeWriter.Create(_stream, new StreamPipeWriterOptions(pool: MemoryPool<byte>.Shared, minimumBufferSize: 64 * 1024, leaveOpen: true));
        MaxPayload = maxPayload;
        Remote = socket.RemoteEndPoint?.ToString() ?? "?";
    }

    /// <summary>The peer's address, for logs.</summary>
    public string Remote { get; }

    /// <summary>Largest accepted frame payload after authentication.</summary>
    public int MaxPayload { get; }

    /// <summary>The connection's input; read it with <see cref="ReadLoopAsync"/> or <see cref="ReceiveAsync"/>, from one reader at a time.</summary>
    public PipeReader Input { get; }

    /// <summary>The connection's output; write to it only inside <see cref="SendAsync"/> or under <see cref="WithOutputAsync"/>.</summary>
    public PipeWriter Output { get; }

    /// <summary>Connects to <paramref name="endpoint"/> and authenticates both ways.</summary>
    /// <exception cref="ProtocolException">The peer does not know the secret or broke the handshake.</exception>
    public static async Task<FrameConnection> ConnectAsync(EndPoint endpoint, ClusterSecret secret, ConnectionPurpose purpose,
        ConnectionOptions options, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(options);
        var socket = new Socket(endpoint.AddressFamily == AddressFamily.Unspecified ? AddressFamily.InterNetwork : endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // Bounded: behind a cut network a SYN is retried for minutes, and a worker must notice and retry sooner.
            using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            connectTimeout.CancelAfter(options.HandshakeTimeout);
            await socket.ConnectAsync(endpoint, connectTimeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            socket.Dispose();
            throw new IOException($"No connection to {endpoint} within {options.HandshakeTimeout.TotalSeconds:0.#} s.");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        var connection = new FrameConnection(socket, options.MaxFramePayload);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            timeout.CancelAfter(options.HandshakeTimeout);
            byte[] clientNonce = Handshake.NewNonce();
            var hello = new PayloadWriter().WriteRaw(Handshake.Magic).WriteVarULong(Handshake.Version).WriteByte((byte)purpose).WriteRaw(clientNonce);
            await connection.SendAsync(FrameKind.Hello, hello.Written.ToArray(), timeout.Token).ConfigureAwait(false);

            var (kind, payload) = await connection.ReceiveAsync(HandshakeMaxPayload, timeout.Token).ConfigureAwait(false);
            if (kind != FrameKind.Challenge || payload.Length != Handshake.NonceSize + Handshake.ProofSize)
                throw new ProtocolException($"Peer {connection.Remote} did not answer with an authentication challenge (got {kind}).");
            var serverNonce = payload.AsSpan(0, Handshake.NonceSize);
            var expected = Handshake.Proof(secret, "server", purpose, clientNonce, serverNonce);
            if (!Handshake.Verify(expected, payload.AsSpan(Handshake.NonceSize)))
                throw new ProtocolException($"Peer {connection.Remote} does not know the cluster secret: check COMPILED_CLUSTER_SECRET / --secret-file on both sides.");
            byte[] proof = Handshake.Proof(secret, "client", purpose, clientNonce, serverNonce);
            await connection.SendAsync(FrameKind.Proof, proof, timeout.Token).ConfigureAwait(false);

            (kind, _) = await connection.ReceiveAsync(HandshakeMaxPayload, timeout.Token).ConfigureAwait(false);
            if (kind != FrameKind.Welcome) throw new ProtocolException($"Peer {connection.Remote} refused the connection.");
            return connection;
        }
        catch (Exception ex) when (ex is OperationCanceledException && !cancellation.IsCancellationRequested)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new ProtocolException($"Peer {connection.Remote} did not complete authentication within {options.HandshakeTimeout.TotalSeconds:0.#} s.");
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Authenticates an accepted socket. Returns null (after logging a warning and closing the socket) when the peer
    /// does not prove it knows the secret, sends something else, or takes too long.
    /// </summary>
    public static async Task<(FrameConnection Connection, ConnectionPurpose Purpose)?> AcceptAsync(Socket socket, ClusterSecret secret,
        ConnectionOptions options, ILogger logger, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        var connection = new FrameConnection(socket, options.MaxFramePayload);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            timeout.CancelAfter(options.HandshakeTimeout);
            var (kind, hello) = await connection.ReceiveAsync(HandshakeMaxPayload, timeout.Token).ConfigureAwait(false);
            if (kind != FrameKind.Hello) throw new ProtocolException($"expected a hello frame, got kind {(byte)kind}");
            var reader = new PayloadReader(hello);
            if (!reader.Remaining.StartsWith(Handshake.Magic)) throw new ProtocolException("not a cluster peer (wrong protocol magic)");
            reader.Advance(Handshake.Magic.Length);
            ulong version = reader.ReadVarULong();
            if (version != Handshake.Version) throw new ProtocolException($"protocol version {version}, this process speaks {Handshake.Version}");
            var purpose = (ConnectionPurpose)reader.ReadByte();
            if (purpose is not (ConnectionPurpose.Control or ConnectionPurpose.Data)) throw new ProtocolException($"unknown connection purpose {(byte)purpose}");
            if (reader.Remaining.Length != Handshake.NonceSize) throw new ProtocolException("malformed hello");
            byte[] clientNonce = reader.Remaining.ToArray();

            byte[] serverNonce = Handshake.NewNonce();
            byte[] serverProof = Handshake.Proof(secret, "server", purpose, clientNonce, serverNonce);
            await connection.SendAsync(FrameKind.Challenge, (byte[])[.. serverNonce, .. serverProof], timeout.Token).ConfigureAwait(false);

            var (proofKind, proof) = await connection.ReceiveAsync(HandshakeMaxPayload, timeout.Token).ConfigureAwait(false);
            var expected = Handshake.Proof(secret, "client", purpose, clientNonce, serverNonce);
            if (proofKind != FrameKind.Proof || !Handshake.Verify(expected, proof))
                throw new ProtocolException("wrong secret (authentication proof did not match)");
            await connection.SendAsync(FrameKind.Welcome, ReadOnlyMemory<byte>.Empty, timeout.Token).ConfigureAwait(false);
            return (connection, purpose);
        }
        catch (Exception ex) when (ex is ProtocolException or IOException or SocketException
                                   || (ex is OperationCanceledException && !cancellation.IsCancellationRequested))
        {
            string reason = ex is OperationCanceledException ? $"no authentication within {options.HandshakeTimeout.TotalSeconds:0.#} s" : ex.Message;
            logger.LogWarning("Refused connection from {Remote}: {Reason}", connection.Remote, reason);
            await connection.DisposeAsync().ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>Sends one frame and flushes it (thread-safe).</summary>
    public async ValueTask SendAsync(FrameKind kind, ReadOnlyMemory<byte> payload, CancellationToken cancellation = default)
    {
        await _sendLock.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            Frames.Write(Output, kind, payload.Span);
            await Output.FlushAsync(cancellation).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Runs <paramref name="write"/> with exclusive use of <see cref="Output"/> (frames written there are flushed by the caller).</summary>
    public async ValueTask WithOutputAsync(Func<PipeWriter, ValueTask> write, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(write);
        await _sendLock.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            await write(Output).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Reads one frame and copies its payload (handshakes and control messages).</summary>
    /// <exception cref="IOException">The peer closed the connection.</exception>
    public async Task<(FrameKind Kind, byte[] Payload)> ReceiveAsync(int maxPayload, CancellationToken cancellation)
    {
        while (true)
        {
            var result = await Input.ReadAsync(cancellation).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (Frames.TryRead(ref buffer, maxPayload, out var kind, out var payload))
            {
                byte[] copy = payload.ToArray();
                Input.AdvanceTo(buffer.Start);
                return (kind, copy);
            }
            Input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted) throw new IOException($"Peer {Remote} closed the connection.");
        }
    }

    /// <summary>Reads frames until the peer closes or <paramref name="cancellation"/> fires.</summary>
    public Task ReadLoopAsync(FrameHandler onFrame, CancellationToken cancellation) => Frames.ReadLoopAsync(Input, MaxPayload, onFrame, cancellation);

    /// <summary>Tells the peer nothing more will be sent (it reads end of stream); receiving goes on.</summary>
    public void ShutdownSend()
    {
        try { _socket.Shutdown(SocketShutdown.Send); } catch (SocketException) { } catch (ObjectDisposedException) { }
    }

    /// <summary>Closes the connection at once (the peer sees end of stream); pending reads and writes fail.</summary>
    public void Abort()
    {
        try { _socket.Shutdown(SocketShutdown.Both); } catch (SocketException) { } catch (ObjectDisposedException) { }
        _socket.Close();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        Abort();
        await Input.CompleteAsync().ConfigureAwait(false);
        try { await Output.CompleteAsync().ConfigureAwait(false); } catch (IOException) { } catch (ObjectDisposedException) { }
        await _stream.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>Limits of cluster connections.</summary>
public sealed record ConnectionOptions
{
    /// <summary>Largest frame payload accepted after authentication (checkpoint acknowledgements carry state, so this is generous).</summary>
    public int MaxFramePayload { get; init; } = 64 * 1024 * 1024;

    /// <summary>An accepted peer must authenticate within this time; connecting to a peer is given as long.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
