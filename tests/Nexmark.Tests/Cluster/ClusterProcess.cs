using System.Text.RegularExpressions;
using Compiled.Testing;

namespace Nexmark.Tests.Cluster;

/// <summary>
/// One role of the Nexmark binary (coordinator or worker) as a real process with the cluster secret in its
/// environment (on top of any other variables given); its output is collected so tests can wait for log lines. Killed
/// on dispose if still running.
/// </summary>
public sealed partial class ClusterProcess : IDisposable
{
    public const string Secret = "cluster-test-secret-0123456789";

    /// <summary>Cluster tests start several processes each; one at a time keeps a 2-core machine from starving them.</summary>
    public const string Collection = "cluster processes";
    private readonly ChildProcess _process;

    private ClusterProcess(string[] args, string secret, IReadOnlyDictionary<string, string>? environment, string? networkNamespace) =>
        _process = new ChildProcess("Nexmark.dll", args,
            new Dictionary<string, string>(environment ?? new Dictionary<string, string>()) { ["COMPILED_CLUSTER_SECRET"] = secret }, networkNamespace);

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

    /// <summary>What it wrote so far to standard output and standard error.</summary>
    public string Log => _process.Log;

    public bool HasExited => _process.HasExited;

    public int Id => _process.Id;

    /// <summary>Waits for the process to end; returns its exit code.</summary>
    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill();
            Assert.Fail($"the process did not end within {timeout}:\n{Log}");
        }
        return _process.ExitCode;
    }

    /// <summary>Waits until a log line matches <paramref name="pattern"/>.</summary>
    public Match WaitFor(Regex pattern, TimeSpan timeout)
    {
        if (_process.WaitForLog(pattern, timeout) is { } match) return match;
        if (HasExited) Assert.Fail($"the process exited ({_process.ExitCode}) before logging /{pattern}/:\n{Log}");
        Assert.Fail($"no log line /{pattern}/ within {timeout}:\n{Log}");
        return Match.Empty;
    }

    /// <inheritdoc cref="ChildProcess.Freeze"/>
    public void Freeze(bool frozen) => _process.Freeze(frozen);

    /// <inheritdoc cref="ChildProcess.ResidentBytes"/>
    public long ResidentBytes() => _process.ResidentBytes();

    /// <summary>SIGKILL: no cleanup runs in the process.</summary>
    public void Kill() => _process.Kill();

    public void Dispose() => _process.Dispose();

    [GeneratedRegex(@"listening on ([0-9.]+:\d+)")]
    private static partial Regex ListeningLine();

    [GeneratedRegex(@"REST API on http://(127\.0\.0\.1:\d+)")]
    private static partial Regex RestLine();
}
