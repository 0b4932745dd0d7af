using System.Buffers.Binary;
using System.Net.Sockets;
using Compiled.Cluster.Security;
using Compiled.Cluster.Tests.Support;
using Compiled.Cluster.Wire;
using Microsoft.Extensions.Logging;

namespace Compiled.Cluster.Tests.Wire;

/// <summary>Challenge-response authentication and frame limits over real loopback sockets.</summary>
public sealed class AuthenticationTests
{
    private static readonly ConnectionOptions Options = new() { MaxFramePayload = 4096, HandshakeTimeout = TimeSpan.FromSeconds(5) };

    [Fact]
    public async Task PeersWithTheSameSecretConnectAndExchangeFrames()
    {
        var logger = new RecordingLogger();
        var (server, endpoint) = await Loopback.ListenOnceAsync(Loopback.Secret, Options, logger);
        await using var client = await FrameConnection.ConnectAsync(endpoint, Loopback.Secret, ConnectionPurpose.Control, Options, CancellationToken.None);
        var accepted = await server;
        Assert.NotNull(accepted);
        await using var connection = accepted.Value.Connection;
        Assert.Equal(ConnectionPurpose.Control, accepted.Value.Purpose);

        await client.SendAsync(FrameKind.Heartbeat, new byte[] { 7, 8, 9 });
        var (kind, payload) = await connection.ReceiveAsync(connection.MaxPayload, CancellationToken.None);
        Assert.Equal(FrameKind.Heartbeat, kind);
        Assert.Equal(new byte[] { 7, 8, 9 }, payload);
        Assert.DoesNotContain(logger.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task APeerWithAWrongSecretIsRefusedAndLogged()
    {
        var logger = new RecordingLogger();
        var (server, endpoint) = await Loopback.ListenOnceAsync(Loopback.Secret, Options, logger);
        var wrong = ClusterSecret.FromText("not the secret, but long enough");

        var error = await Assert.ThrowsAsync<ProtocolException>(() =>
            FrameConnection.ConnectAsync(endpoint, wrong, ConnectionPurpose.Data, Options, CancellationToken.None));
        Assert.Contains("secret", error.Message, StringComparison.Ordinal);
        Assert.Null(await server);
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("Refused connection", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AClientThatKnowsTheSecretRefusesAServerThatDoesNot()
    {
        var impostor = ClusterSecret.FromText("impostor coordinator secret!!");
        var (server, endpoint) = await Loopback.ListenOnceAsync(impostor, Options, new RecordingLogger());
        var error = await Assert.ThrowsAsync<ProtocolException>(() =>
            FrameConnection.ConnectAsync(endpoint, Loopback.Secret, ConnectionPurpose.Control, Options, CancellationToken.None));
        Assert.Contains("does not know the cluster secret", error.Message, StringComparison.Ordinal);
        Assert.Null(await server); // the impostor sees the client hang up
    }

    [Fact]
    public async Task AnOversizedFrameBeforeAuthenticationIsRefusedWithoutBufferingIt()
    {
        var logger = new RecordingLogger();
        var (server, endpoint) = await Loopback.ListenOnceAsync(Loopback.Secret, Options, logger);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(endpoint);
        var header = new byte[5];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 1_000_000_000); // announces ~1 GB
        header[4] = (byte)FrameKind.Hello;
        await socket.SendAsync(header);

        Assert.Null(await server);
        Assert.Contains(logger.Entries, e => e.Message.Contains("exceeds the limit", StringComparison.Ordinal));
        var buffer = new byte[16];
        Assert.Equal(0, await socket.ReceiveAsync(buffer)); // the server closed the connection
    }

    [Fact]
    public async Task AnOversizedFrameAfterAuthenticationEndsTheReadLoopWithAProtocolError()
    {
        var (server, client) = await Loopback.PairAsync(Options);
        await using var s = server;
        await using var c = client;
        await client.SendAsync(FrameKind.Heartbeat, new byte[Options.MaxFramePayload + 1]);
        var frames = 0;
        var error = await Assert.ThrowsAsync<ProtocolException>(() => server.ReadLoopAsync((_, _) => ++frames > 0, CancellationToken.None));
        Assert.Contains("exceeds the limit of 4096 bytes", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, frames);
    }

    [Fact]
    public async Task ASilentPeerIsDisconnectedAfterTheHandshakeTimeout()
    {
        var logger = new RecordingLogger();
        var quick = Options with { HandshakeTimeout = TimeSpan.FromMilliseconds(300) };
        var (server, endpoint) = await Loopback.ListenOnceAsync(Loopback.Secret, quick, logger);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(endpoint);
        Assert.Null(await server);
        Assert.Contains(logger.Entries, e => e.Message.Contains("no authentication within", StringComparison.Ordinal));
    }

    [Fact]
    public void TheSecretComesFromAFileOrTheEnvironmentAndMustBeLongEnough()
    {
        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "short\n");
            var error = Assert.Throws<ArgumentException>(() => ClusterSecret.Load(file));
            Assert.Contains("at least 16", error.Message, StringComparison.Ordinal);
            File.WriteAllText(file, "a secret of sufficient length\n");
            Assert.NotNull(ClusterSecret.Load(file));
            var missing = Assert.Throws<ArgumentException>(() => ClusterSecret.Load(file + ".missing"));
            Assert.Contains("--secret-file", missing.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
