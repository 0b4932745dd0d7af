using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Compiled.Testing;

/// <summary>
/// A .NET binary run as a real child process (<c>dotnet BINARY ARGS…</c>), optionally inside a network namespace, with
/// its standard output and standard error collected line by line. Disposing it SIGKILLs it (and anything it started)
/// if it still runs.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    /// <summary>How long reading its output may lag behind its end; after that the log counts as complete.</summary>
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(10);

    private readonly System.Diagnostics.Process _process;
    private readonly StringBuilder _log = new();
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _openStreams = 2; // standard output and standard error, until each reaches its end

    /// <summary>Starts <c>dotnet <paramref name="binary"/> <paramref name="args"/></c>.</summary>
    /// <param name="binary">The binary's .dll: absolute, or relative to this program's directory (where referenced projects are copied).</param>
    /// <param name="args">Its command-line arguments.</param>
    /// <param name="environment">Variables set in its environment on top of this process's.</param>
    /// <param name="networkNamespace">
    /// When given, it runs through <c>ip netns exec</c> in that namespace; <c>ip</c> execs <c>dotnet</c>, so
    /// <see cref="Id"/> stays the binary's.
    /// </param>
    public ChildProcess(string binary, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null,
        string? networkNamespace = null)
    {
        string path = Path.Combine(AppContext.BaseDirectory, binary);
        if (!File.Exists(path)) throw new FileNotFoundException($"There is no binary to run at {path}.", path);
        string[] arguments = [.. args];
        Arguments = string.Join(' ', arguments);
        var start = new ProcessStartInfo(networkNamespace is null ? "dotnet" : "ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        if (networkNamespace is not null)
            foreach (string a in (string[])["netns", "exec", networkNamespace, "dotnet"]) start.ArgumentList.Add(a);
        start.ArgumentList.Add(path);
        foreach (string a in arguments) start.ArgumentList.Add(a);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        _process = new System.Diagnostics.Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Its process id.</summary>
    public int Id => _process.Id;

    /// <summary>Its arguments after the binary, space-separated (for messages).</summary>
    public string Arguments { get; }

    /// <summary>What it wrote so far to standard output and standard error, a line at a time in the order read.</summary>
    public string Log
    {
        get { lock (_gate) return _log.ToString(); }
    }

    /// <summary>Whether it ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Its exit code (137 after SIGKILL); throws <see cref="InvalidOperationException"/> while it runs.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Waits up to <paramref name="timeout"/> for it to end; whether it did. Once true, <see cref="Log"/> holds all it wrote.</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout)) return false;
        _drained.Task.Wait(DrainLimit);
        return true;
    }

    /// <summary>Sends SIGKILL (nothing in it gets to clean up) unless it already ended, and waits for its end.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(); // SIGKILL on Linux
        if (!WaitForExit(TimeSpan.FromMinutes(1))) throw new InvalidOperationException($"process {Id} did not end after SIGKILL");
    }

    /// <summary>SIGSTOP (<paramref name="frozen"/>) or SIGCONT: a frozen process keeps its sockets open but answers nothing.</summary>
    public void Freeze(bool frozen)
    {
        using var kill = System.Diagnostics.Process.Start("kill", [frozen ? "-STOP" : "-CONT", Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        if (kill.ExitCode != 0) throw new InvalidOperationException($"kill {(frozen ? "-STOP" : "-CONT")} {Id} failed with exit code {kill.ExitCode}");
    }

    /// <summary>Its resident memory now, from /proc (0 once it ended).</summary>
    public long ResidentBytes()
    {
        try
        {
            foreach (string line in File.ReadLines($"/proc/{Id}/status"))
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException) { }
        return 0;
    }

    /// <summary>Waits until <see cref="Log"/> contains <paramref name="text"/>; false when it ended or the time ran out first.</summary>
    public bool WaitForLog(string text, TimeSpan timeout) =>
        WaitForLog(log => log.Contains(text, StringComparison.Ordinal) ? text : null, timeout) is not null;

    /// <summary>Waits until <paramref name="pattern"/> matches <see cref="Log"/>; the match, or null when it ended or the time ran out first.</summary>
    public Match? WaitForLog(Regex pattern, TimeSpan timeout) =>
        WaitForLog(log => pattern.Match(log) is { Success: true } match ? match : null, timeout);

    private T? WaitForLog<T>(Func<string, T?> find, TimeSpan timeout) where T : class
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            bool ended = _process.HasExited;
            if (ended) _drained.Task.Wait(DrainLimit); // then the log holds its last lines too
            if (find(Log) is { } found) return found;
            if (ended || clock.Elapsed >= timeout) return null;
            Thread.Sleep(20);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            if (Interlocked.Decrement(ref _openStreams) == 0) _drained.TrySetResult();
            return;
        }
        lock (_gate) _log.AppendLine(line);
    }

    /// <summary>SIGKILLs it and anything it started if it still runs, and releases it.</summary>
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
    }
}
