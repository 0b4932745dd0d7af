using System.Diagnostics;
using Nexmark.Tests.Cli;

namespace Nexmark.Tests.Cluster;

/// <summary>
/// Failures of real processes during checkpointed runs: a worker or the coordinator is killed with SIGKILL at a random
/// point after the first checkpoint; the job resumes from the latest completed checkpoint and the committed output
/// equals the uninterrupted single-process run exactly (no loss, no duplicates).
/// </summary>
public sealed class ClusterFailoverTests
{
    private const string Events = "1500000";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Theory]
    [InlineData("q5", 3)]
    [InlineData("q7", 8)]
    public void AKilledWorkerIsDetectedAndItsSlotsAreReplacedWithExactlyOnceOutput(string query, int seed)
    {
        using var dir = new TempDirectory();
        var (job, expected) = Prepare(dir, query);
        var random = new Random(seed);
        var (coordinator, control, _) = ClusterProcess.StartCoordinator(job, "--heartbeat-timeout", "2s");
        using (coordinator)
        using (var w1 = ClusterProcess.StartWorker(control, 2))
        using (var w2 = ClusterProcess.StartWorker(control, 2))
        {
            WaitForCheckpoint(dir.File("checkpoints"), coordinator);
            Thread.Sleep(random.Next(0, 800));
            var victim = random.Next(2) == 0 ? w1 : w2;
            var survivor = victim == w1 ? w2 : w1;
            var clock = Stopwatch.StartNew();
            victim.Kill();
            coordinator.WaitFor(new(@"Attempt 1 failed \(worker \d \(127\.0\.0\.1:\d+\) was lost"), TimeSpan.FromSeconds(10));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the loss was detected after {clock.Elapsed}");

            using var replacement = ClusterProcess.StartWorker(control, 2);
            Assert.True(coordinator.WaitForExit(Timeout) == 0, coordinator.Log);
            Assert.Matches(@"Attempt 2: deployed \d+ subtasks on workers .*restoring .*chk-\d+", coordinator.Log);
            Assert.Equal(0, survivor.WaitForExit(Timeout));
            Assert.Equal(0, replacement.WaitForExit(Timeout));
        }
        AssertCommittedEquals(expected, dir.File("out"));
    }

    [Fact]
    public void ARestartedCoordinatorResumesFromTheLatestCheckpoint()
    {
        using var dir = new TempDirectory();
        var (job, expected) = Prepare(dir, "q5");
        var (first, control, _) = ClusterProcess.StartCoordinator(job);
        using var w1 = ClusterProcess.StartWorker(control, 2);
        using var w2 = ClusterProcess.StartWorker(control, 2);
        using (first)
        {
            WaitForCheckpoint(dir.File("checkpoints"), first);
            first.Kill();
        }

        // Workers cancel their subtasks and keep reconnecting; a coordinator on the same address takes them back.
        var second = ClusterProcess.Start(["coordinator", "--bind", control, "--rest", "127.0.0.1:0", .. job, "--from-checkpoint", "latest"]);
        using (second)
        {
            Assert.True(second.WaitForExit(Timeout) == 0, second.Log);
            Assert.Contains("Resuming from checkpoint", second.Log, StringComparison.Ordinal);
            Assert.Equal(0, w1.WaitForExit(Timeout));
            Assert.Equal(0, w2.WaitForExit(Timeout));
            Assert.Contains("Reconnected to the coordinator", w1.Log, StringComparison.Ordinal);
        }
        AssertCommittedEquals(expected, dir.File("out"));
    }

    /// <summary>The cluster job's arguments and the uninterrupted single-process output.</summary>
    internal static (string[] Job, List<string> Expected) Prepare(TempDirectory dir, string query)
    {
        string expected = dir.File("expected.jsonl");
        var local = CliRunner.Run("--query", query, "--events", Events, "--parallelism", "4", "--output", expected);
        Assert.True(local.ExitCode == 0, local.Err);
        string[] job = ["--query", query, "--events", Events, "--parallelism", "4", "--output", dir.File("out"),
            "--checkpoint-dir", dir.File("checkpoints"), "--checkpoint-interval", "100ms"];
        var lines = File.ReadAllLines(expected).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(lines);
        return (job, lines);
    }

    internal static void WaitForCheckpoint(string checkpoints, ClusterProcess coordinator)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (!(Directory.Exists(checkpoints) && Directory.EnumerateFiles(checkpoints, "_metadata", SearchOption.AllDirectories).Any()))
        {
            if (DateTime.UtcNow > deadline || coordinator.HasExited) Assert.Fail($"no checkpoint completed:\n{coordinator.Log}");
            Thread.Sleep(20);
        }
    }

    internal static void AssertCommittedEquals(List<string> expected, string output)
    {
        var committed = Directory.EnumerateFiles(output).Where(f => !Path.GetFileName(f).StartsWith('.')).SelectMany(File.ReadAllLines)
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, committed);
        Assert.DoesNotContain(Directory.EnumerateFiles(output), f => Path.GetFileName(f).StartsWith('.'));
    }
}
