using System.Net;
using System.Net.Sockets;
using Compiled.Cluster.Security;
using Compiled.Cluster.Wire;
using Microsoft.Extensions.Logging;

namespace Compiled.Cluster.Tests.Support;

/// <summary>Opens an authenticated connection pair on 127.0.0.1.</summary>
internal static class Loopback
{
    public static readonly ClusterSecret Secret = ClusterSecret.FromText("correct horse battery staple 42");

    /// <summary>Listens on an ephemeral loopback port; the server side accepts one connection.</summary>
    public static async Task<(Task<(FrameConnection Connection, ConnectionPurpose Purpose)?> Server, IPEndPoint Endpoint)> ListenOnceAsync(
        ClusterSecret secret, ConnectionOptions options, ILogger logger)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var endpoint = (IPEndPoint)listener.LocalEndpoint;
        var server = Task.Run(async () =>
        {
            try
            {
                var socket = await listener.AcceptSocketAsync().ConfigureAwait(false);
                return await FrameConnection.AcceptAsync(socket, secret, options, logger, CancellationToken.None).ConfigureAwait(false);
            }
            finally { listener.Stop(); }
        });
        await Task.Yield();
        return (server, endpoint);
    }

    /// <summary>Both ends of one authenticated connection.</summary>
    public static async Task<(FrameConnection Server, FrameConnection Client)> PairAsync(ConnectionOptions? options = null)
    {
        options ??= new ConnectionOptions();
        var (server, endpoint) = await ListenOnceAsync(Secret, options, new RecordingLogger());
        var client = await FrameConnection.ConnectAsync(endpoint, Secret, ConnectionPurpose.Data, options, CancellationToken.None);
        var accepted = await server ?? throw new InvalidOperationException("the server refused a correct secret");
        return (accepted.Connection, client);
    }
}
