using System.Net;

namespace Compiled.Cluster.Hosting;

/// <summary>Parses <c>host:port</c> addresses of the cluster (IP literals or <c>localhost</c>).</summary>
internal static class Endpoints
{
    public static IPEndPoint Parse(string option, string text)
    {
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), out int port) || port is < 0 or > 65535)
            throw new ArgumentException($"{option} must be HOST:PORT, e.g. 127.0.0.1:6123, got '{text}'.");
        string host = text[..colon].Trim('[', ']');
        if (host == "localhost") return new IPEndPoint(IPAddress.Loopback, port);
        if (!IPAddress.TryParse(host, out var address))
        {
            var resolved = Dns.GetHostAddresses(host);
            address = resolved.FirstOrDefault() ?? throw new ArgumentException($"{option}: host '{host}' does not resolve.");
        }
        return new IPEndPoint(address, port);
    }
}
