using System.Diagnostics;
using System.Text.RegularExpressions;
using Compiled.Testing;

namespace Nexmark.Tests.Cli;

/// <summary>The runner of child processes that the process tests, the chaos runner and the benchmarks share, on the real job binary.</summary>
public sealed class ChildProcessTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    [Fact]
    public void CollectsStandardOutputAndErrorAndTheExitCode()
    {
        using var help = new ChildProcess("Nexmark.dll", ["--help"]);
        Assert.True(help.WaitForExit(Timeout));
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("Usage:", help.Log, StringComparison.Ordinal); // standard output

        using var bad = new ChildProcess("Nexmark.dll", ["--query", "q5", "--no-such-flag"]);
        Assert.True(bad.WaitForExit(Timeout));
        Assert.Equal(2, bad.ExitCode);
        Assert.Equal("--query q5 --no-such-flag", bad.Arguments);
        var match = bad.WaitForLog(new Regex("Unknown option '([^']+)'"), Timeout); // standard error
        Assert.Equal("--no-such-flag", match?.Groups[1].Value);
    }

    [Fact]
    public void WaitingForALogLineEndsWhenTheProcessEndsNotAtTheTimeout()
    {
        using var bad = new ChildProcess("Nexmark.dll", ["--no-such-flag"]);
        var clock = Stopwatch.StartNew();
        Assert.False(bad.WaitForLog("never written", TimeSpan.FromMinutes(10)));
        Assert.Null(bad.WaitForLog(new Regex("never written"), TimeSpan.FromMinutes(10)));
        Assert.True(bad.HasExited);
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), $"waited {clock.Elapsed}");
        Assert.True(bad.WaitForLog("Run 'Nexmark --help' for usage.", TimeSpan.Zero)); // its last line is in the log
    }

    [Fact]
    public void FreezesThawsAndKillsARunningJob()
    {
        // 100 M events at 1,000 a second: the job runs far longer than this test.
        string[] job = ["--query", "q5", "--events", "100000000", "--max-rate", "1000"];
        using var running = new ChildProcess("Nexmark.dll", job);
        Assert.True(WaitUntil(() => running.ResidentBytes() > 0), "no resident memory read from /proc");

        running.Freeze(true);
        Assert.True(WaitUntil(() => State(running.Id) == 'T'), $"state {State(running.Id)} after SIGSTOP");
        running.Freeze(false);
        Assert.True(WaitUntil(() => State(running.Id) != 'T'), "still stopped after SIGCONT");
        Assert.False(running.HasExited);

        running.Kill();
        Assert.True(running.HasExited);
        Assert.Equal(128 + 9, running.ExitCode); // ended by SIGKILL
        Assert.Equal(0, running.ResidentBytes());
        Assert.False(running.WaitForLog("never written", Timeout));

        var disposed = new ChildProcess("Nexmark.dll", job);
        int id = disposed.Id;
        try
        {
            Assert.True(WaitUntil(() => disposed.ResidentBytes() > 0));
        }
        finally
        {
            disposed.Dispose();
        }
        Assert.False(Directory.Exists($"/proc/{id}"), "the process still runs after Dispose");
    }

    /// <summary>The state letter in /proc/ID/stat (R, S, T, …), or '?' once the process is gone.</summary>
    private static char State(int id)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{id}/stat");
            return stat[stat.LastIndexOf(')') + 2];
        }
        catch (IOException)
        {
            return '?';
        }
    }

    private static bool WaitUntil(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > Timeout) return false;
            Thread.Sleep(10);
        }
        return true;
    }
}
