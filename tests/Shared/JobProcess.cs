using System.Diagnostics;

namespace Compiled.Tests.Shared;

/// <summary>How a run of the job binary ended.</summary>
/// <param name="ExitCode">Exit code, or -9 when killed.</param>
/// <param name="Killed">Whether it was killed before it ended.</param>
/// <param name="Output">What it wrote to standard output and standard error.</param>
public readonly record struct JobRun(int ExitCode, bool Killed, string Output);

/// <summary>Runs the Nexmark job binary (built beside the tests) as a real process.</summary>
public static class JobProcess
{
    private static readonly string Binary = Path.Combine(AppContext.BaseDirectory, "Nexmark.dll");

    /// <summary>
    /// Runs it with <paramref name="args"/>. With <paramref name="killAfter"/>, sends SIGKILL that long after
    /// <paramref name="armed"/> first holds (polled; at once when not given) unless the job ended first. A run that
    /// ends on its own must succeed.
    /// </summary>
    public static JobRun Run(IEnumerable<string> args, TimeSpan? killAfter, Func<bool>? armed = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Binary);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var job = System.Diagnostics.Process.Start(start)!;
        var output = Task.WhenAll(job.StandardOutput.ReadToEndAsync(), job.StandardError.ReadToEndAsync());
        bool killed;
        try
        {
            killed = killAfter is { } delay && WaitUntil(job, armed) && !job.WaitForExit(delay);
            if (killed) job.Kill(); // SIGKILL: nothing in the job gets to clean up
            if (!job.WaitForExit(TimeSpan.FromMinutes(2))) Assert.Fail($"the job did not end within 2 minutes: {string.Join(' ', start.ArgumentList)}");
        }
        finally
        {
            if (!job.HasExited) job.Kill(); // never leave a job running past its test
        }
        job.WaitForExit();
        if (!killed && job.ExitCode != 0) Assert.Fail($"the job failed with exit code {job.ExitCode}: {string.Concat(output.Result)}");
        return new JobRun(killed ? -9 : job.ExitCode, killed, string.Concat(output.Result));
    }

    /// <summary>Whether <paramref name="condition"/> held before the job ended (bounded by the job's own 2-minute limit).</summary>
    private static bool WaitUntil(System.Diagnostics.Process job, Func<bool>? condition)
    {
        var clock = Stopwatch.StartNew();
        while (condition is not null && !condition())
            if (job.WaitForExit(50) || clock.Elapsed > TimeSpan.FromMinutes(2)) return false;
        return true;
    }
}
