using System.Diagnostics;

namespace Nexmark.Tests.Cluster;

/// <summary>
/// A Linux network namespace joined to the test's namespace by a veth pair, so a process in it talks to the others over
/// a link the test can cut: <see cref="Cut"/> downs the outer end, and packets both ways vanish without any socket being
/// closed (a black hole, as when a cable is pulled). Needs root (CI runs as root). Addresses come from 198.18.0.0/15, the
/// range reserved for network tests, one /30 per namespace.
/// </summary>
public sealed class NetworkNamespace : IDisposable
{
    private static int _counter;
    private readonly string _outer;
    private bool _disposed;

    public NetworkNamespace()
    {
        int n = Interlocked.Increment(ref _counter) % 10;
        int pid = Environment.ProcessId;
        Name = $"cmp{pid}-{n}";
        _outer = $"cv{pid % 10_000_000}{n}o";
        string inner = $"cv{pid % 10_000_000}{n}i";
        int block = (pid * 10 + n) % 32768;
        string prefix = $"198.{18 + (block >> 14)}.{(block >> 6) & 0xff}.";
        int last = (block & 0x3f) << 2;
        OuterAddress = prefix + (last + 1);
        InnerAddress = prefix + (last + 2);
        Ip("netns", "add", Name);
        try
        {
            Ip("link", "add", _outer, "type", "veth", "peer", "name", inner);
            Ip("link", "set", inner, "netns", Name);
            Ip("addr", "add", OuterAddress + "/30", "dev", _outer);
            Ip("link", "set", _outer, "up");
            Ip("netns", "exec", Name, "ip", "addr", "add", InnerAddress + "/30", "dev", inner);
            Ip("netns", "exec", Name, "ip", "link", "set", inner, "up");
            Ip("netns", "exec", Name, "ip", "link", "set", "lo", "up");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Name for <c>ip netns exec</c>.</summary>
    public string Name { get; }

    /// <summary>Address of the test's side of the link (processes outside bind to it so the inside can reach them).</summary>
    public string OuterAddress { get; }

    /// <summary>Address inside the namespace.</summary>
    public string InnerAddress { get; }

    /// <summary>Cuts the link: nothing passes either way; sockets stay open.</summary>
    public void Cut() => Ip("link", "set", _outer, "down");

    /// <summary>Joins the link again.</summary>
    public void Restore() => Ip("link", "set", _outer, "up");

    private static void Ip(params string[] args)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        string err = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"'ip {string.Join(' ', args)}' failed ({process.ExitCode}): {err.Trim()}. Network namespaces need root (CI runs as root).");
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        try { Ip("link", "del", _outer); } catch (InvalidOperationException) { } // deleting one end deletes the pair
        try { Ip("netns", "del", Name); } catch (InvalidOperationException) { }
    }
}
