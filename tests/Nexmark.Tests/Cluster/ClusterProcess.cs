using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Nexmark.Tests.Cluster;

/// <summary>
/// One role of the Nexmark binary (coordinator or worker) as a real process with the cluster secret in its
/// environment; its standard error is collected so tests can wait for log lines. Killed on dispose if still running.
/// </summary>
public sealed partial class ClusterProcess : IDisposable
{
    public const string Secret = "cluster-test-secret-0123456789";

    /// <summary>Cluster tests start several processes each; one at a time keeps a 2-core machine from starving them.</summary>
    public const string Collection = "cluster processes";
    private static readonly string Binary = Path.Combine(AppContext.BaseDirectory, "Nexmark.dll");
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly Lock _gate = new();

    private ClusterProcess(string[] args, string secret, IReadOnlyDictionary<string, string>? environment, string? networkNamespace)
    {
        var start = new ProcessStartInfo(networkNamespace is null ? "dotnet" : "ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        if (networkNamespace is not null)
        {
            // 'ip netns exec' enters the namespace and execs the command: the process id stays the job binary's.
            foreach (var a in new[] { "netns", "exec", networkNamespace, "dotnet" }) start.ArgumentList.Add(a);
        }
        start.ArgumentList.Add(Binary);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["COMPILED_CLUSTER_SECRET"] = secret;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        _process = new Process { StartInfo = start };
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    public static ClusterProcess Start(string[] args, string secret = Secret, IReadOnlyDictionary<string, string>? environment = null,
        string? networkNamespace = null) => new(args, secret, environment, networkNamespace);

    /// <summary>Starts a coordinator on free ports and waits until it listens; returns it with its control and REST addresses.</summary>
    public static (ClusterProcess Process, string Control, string RestAddress) StartCoordinator(string[] jobArgs, params string[] options) =>
        StartCoordinatorOn("127.0.0.1", jobArgs, environment: null, options);

    /// <summary>As <see cref="StartCoordinator(string[], string[])"/>, with extra environment variables.</summary>
    public static (ClusterProcess Process, string Control, string RestAddress) StartCoordinator(string[] jobArgs, IReadOnlyDictionary<string, string>? environment,
        params string[] options) => StartCoordinatorOn("127.0.0.1", jobArgs, environment, options);

    /// <summary>Starts a coordinator whose control port is on <paramref name="host"/> (the REST API stays on loopback).</summary>
    public static (ClusterProcess Process, string Control, string RestAddress) StartCoordinatorOn(string host, string[] jobArgs,
        IReadOnlyDictionary<string, string>? environment, params string[] options)
    {
        var process = Start(["coordinator", "--bind", $"{host}:0", "--rest", "127.0.0.1:0", .. options, .. jobArgs], Secret, environment);
        var control = process.WaitFor(ListeningLine(), TimeSpan.FromSeconds(60)).Groups[1].Value;
        var rest = process.WaitFor(RestLine(), TimeSpan.FromSeconds(60)).Groups[1].Value;
        return (process, control, rest);
    }

    public static ClusterProcess StartWorker(string control, int slots, string secret = Secret) =>
        Start(["worker", "--coordinator", control, "--slots", $"{slots}", "--reconnect-timeout", "20s"], secret);

    /// <summary>Starts a worker with more <paramref name="options"/>, inside <paramref name="networkNamespace"/> when given.</summary>
    public static ClusterProcess StartWorkerIn(string? networkNamespace, string control, int slots, params string[] options) =>
        Start(["worker", "--coordinator", control, "--slots", $"{slots}", "--reconnect-timeout", "20s", .. options], Secret, networkNamespace: networkNamespace);

    public string Log
    {
        get { lock (_gate) return _log.ToString(); }
    }

    public bool HasExited => _process.HasExited;

    public int Id => _process.Id;

    /// <summary>Waits for the process to end; returns its exit code.</summary>
    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"the process did not end within {timeout}:\n{Log}");
        }
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Waits until a log line matches <paramref name="pattern"/>.</summary>
    public Match WaitFor(Regex pattern, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var match = pattern.Match(Log);
            if (match.Success) return match;
            if (HasExited)
            {
                Thread.Sleep(100);
                match = pattern.Match(Log);
                if (match.Success) return match;
                Assert.Fail($"the process exited ({_process.ExitCode}) before logging /{pattern}/:\n{Log}");
            }
            Thread.Sleep(20);
        }
        Assert.Fail($"no log line /{pattern}/ within {timeout}:\n{Log}");
        return Match.Empty;
    }

    /// <summary>SIGSTOP (<paramref name="frozen"/>) or SIGCONT: a frozen process keeps its sockets open but answers nothing.</summary>
    public void Freeze(bool frozen)
    {
        using var kill = Process.Start("kill", [frozen ? "-STOP" : "-CONT", $"{_process.Id}"]);
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>Resident memory of the process now, from /proc (0 once it exited).</summary>
    public long ResidentBytes()
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException) { }
        return 0;
    }

    /// <summary>SIGKILL: no cleanup runs in the process.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_gate) _log.AppendLine(line);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
    }

    [GeneratedRegex(@"listening on ([0-9.]+:\d+)")]
    private static partial Regex ListeningLine();

    [GeneratedRegex(@"REST API on http://(127\.0\.0\.1:\d+)")]
    private static partial Regex RestLine();
}
