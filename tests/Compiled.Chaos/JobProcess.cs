using System.Diagnostics;
using System.Text;

namespace Compiled.Chaos;

/// <summary>One process of the Nexmark job binary, its output collected; killed with SIGKILL on request or on dispose.</summary>
internal sealed class JobProcess : IDisposable
{
    private static readonly string Binary = Path.Combine(AppContext.BaseDirectory, "Nexmark.dll");
    private readonly System.Diagnostics.Process _process;
    private readonly StringBuilder _log = new();
    private readonly Lock _gate = new();

    public JobProcess(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Binary);
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        Arguments = string.Join(' ', start.ArgumentList.Skip(1));
        _process = new System.Diagnostics.Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Arguments { get; }

    public string Log
    {
        get { lock (_gate) return _log.ToString(); }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Waits up to <paramref name="timeout"/>; whether it ended.</summary>
    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    /// <summary>The exit code once it ended.</summary>
    public int ExitCode
    {
        get
        {
            _process.WaitForExit();
            return _process.ExitCode;
        }
    }

    /// <summary>SIGKILL: nothing in the process gets to clean up.</summary>
    public void Kill()
    {
        if (_process.HasExited) return;
        _process.Kill();
        _process.WaitForExit();
    }

    /// <summary>Waits until the log contains <paramref name="text"/>; false when the process ended or the time ran out first.</summary>
    public bool WaitForLog(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Log.Contains(text, StringComparison.Ordinal)) return true;
            if (_process.HasExited) return Log.Contains(text, StringComparison.Ordinal);
            Thread.Sleep(20);
        }
        return false;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_gate) _log.AppendLine(line);
    }

    public void Dispose()
    {
        try { Kill(); }
        catch (InvalidOperationException) { }
        _process.Dispose();
    }
}
