using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Nexmark.Tests.Cluster;

/// <summary>
/// A minimal OTLP/HTTP metrics receiver on loopback: accepts <c>POST /v1/metrics</c> (protobuf) and keeps the bodies,
/// so a test can check which metrics a process pushed. It does not decode protobuf: metric names and attribute values
/// are plain UTF-8 strings inside it.
/// </summary>
public sealed class OtlpReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<(string Path, string ContentType, byte[] Body)> _requests = [];
    private readonly Lock _gate = new();
    private readonly Task _serving;

    public OtlpReceiver()
    {
        int port = FreePort();
        Endpoint = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Endpoint + "/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    /// <summary>The endpoint to give as <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.</summary>
    public string Endpoint { get; }

    /// <summary>Whether some request to <paramref name="path"/> contained every one of <paramref name="texts"/>, waiting up to <paramref name="timeout"/>.</summary>
    public bool Received(string path, TimeSpan timeout, params string[] texts)
    {
        var deadline = DateTime.UtcNow + timeout;
        do
        {
            lock (_gate)
            {
                if (_requests.Any(r => r.Path == path && r.ContentType.StartsWith("application/x-protobuf", StringComparison.Ordinal) &&
                    texts.All(t => r.Body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(t)) >= 0)))
                    return true;
            }
            Thread.Sleep(100);
        } while (DateTime.UtcNow < deadline);
        return false;
    }

    /// <summary>Paths of the requests received so far, for failure messages.</summary>
    public string Summary()
    {
        lock (_gate) return string.Join(", ", _requests.Select(r => $"{r.Path} ({r.ContentType}, {r.Body.Length} bytes)"));
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException) { return; }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            lock (_gate) _requests.Add((context.Request.Url!.AbsolutePath, context.Request.ContentType ?? "", body.ToArray()));
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close(); // an empty ExportMetricsServiceResponse
        }
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _serving.Wait(TimeSpan.FromSeconds(5));
    }
}
