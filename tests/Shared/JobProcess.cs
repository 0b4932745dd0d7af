using Compiled.Testing;

namespace Compiled.Tests.Shared;

/// <summary>How a run of the job binary ended.</summary>
/// <param name="ExitCode">Exit code, or -9 when killed.</param>
/// <param name="Killed">Whether it was killed before it ended.</param>
/// <param name="Output">What it wrote to standard output and standard error.</param>
public readonly record struct JobRun(int ExitCode, bool Killed, string Output);

/// <summary>Runs the Nexmark job binary (built beside the tests) as a real process.</summary>
public static class JobProcess
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Runs it with <paramref name="args"/>. With <paramref name="killAfter"/>, sends SIGKILL that long after
    /// <paramref name="armed"/> first holds (polled; at once when not given) unless the job ended first. A run that
    /// ends on its own must succeed. <paramref name="environment"/> adds variables to the job's environment.
    /// </summary>
    public static JobRun Run(IEnumerable<string> args, TimeSpan? killAfter, Func<bool>? armed = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        using var job = new ChildProcess("Nexmark.dll", args, environment); // disposing kills a job still running
        bool killed = killAfter is { } delay && WaitUntil(job, armed) && !job.WaitForExit(delay);
        if (killed) job.Kill(); // SIGKILL: nothing in the job gets to clean up
        if (!job.WaitForExit(Limit)) Assert.Fail($"the job did not end within 2 minutes: {job.Arguments}");
        if (!killed && job.ExitCode != 0) Assert.Fail($"the job failed with exit code {job.ExitCode}: {job.Log}");
        return new JobRun(killed ? -9 : job.ExitCode, killed, job.Log);
    }

    /// <summary>Whether <paramref name="condition"/> held before the job ended (bounded by the job's own 2-minute limit).</summary>
    private static bool WaitUntil(ChildProcess job, Func<bool>? condition)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (condition is not null && !condition())
            if (job.WaitForExit(TimeSpan.FromMilliseconds(50)) || clock.Elapsed > Limit) return false;
        return true;
    }
}
