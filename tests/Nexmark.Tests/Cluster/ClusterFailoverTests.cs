using System.Diagnostics;
using Nexmark.Tests.Cli;

namespace Nexmark.Tests.Cluster;

/// <summary>
/// Failures of real processes during checkpointed runs: a worker or the coordinator is killed with SIGKILL at a random
/// point after a checkpoint (a bounded number of times); the job resumes from the latest completed checkpoint and the committed output
/// equals the uninterrupted single-process run exactly (no loss, no duplicates).
/// </summary>
[Collection(ClusterProcess.Collection)]
public sealed class ClusterFailoverTests
{
    // 300k events at most 30k/s: a run lasts over 10 s however fast the machine is, so every kill lands mid-run.
    private const string Events = "300000";
    private const string MaxRate = "30000";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Theory]
    [InlineData("q5", 3)]
    [InlineData("q7", 8)]
    public void KilledWorkersAreDetectedAndTheirSlotsReplacedWithExactlyOnceOutput(string query, int seed)
    {
        using var dir = new TempDirectory();
        var (job, expected) = Prepare(dir, query);
        var random = new Random(seed);
        var (coordinator, control, _) = ClusterProcess.StartCoordinator(job, "--heartbeat-timeout", "2s");
        var workers = new List<ClusterProcess> { ClusterProcess.StartWorker(control, 2), ClusterProcess.StartWorker(control, 2) };
        try
        {
            long checkpoint = 0;
            int kills = 0;
            for (int round = 1; round <= 2; round++)
            {
                // A random point after a checkpoint of this attempt completed; the job may also end first.
                checkpoint = WaitForCheckpoint(dir.File("checkpoints"), coordinator, after: checkpoint);
                if (checkpoint < 0) break;
                Thread.Sleep(random.Next(0, 600));
                if (coordinator.HasExited) break;
                var victim = workers[random.Next(workers.Count)];
                var clock = Stopwatch.StartNew();
                victim.Kill();
                workers.Remove(victim);
                kills++;
                coordinator.WaitFor(new($@"Attempt {round} failed \((worker \d+ \(127\.0\.0\.1:\d+\) was lost|.*data connection)"), TimeSpan.FromSeconds(10));
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the loss was detected after {clock.Elapsed}");
                workers.Add(ClusterProcess.StartWorker(control, 2));
                coordinator.WaitFor(new($@"Attempt {round + 1}: deployed \d+ subtasks on workers .*restoring .*chk-\d+"), Timeout);
                checkpoint = NewestCheckpoint(dir.File("checkpoints")); // the next kill follows a checkpoint of the new attempt
            }
            Assert.True(coordinator.WaitForExit(Timeout) == 0, coordinator.Log);
            Assert.True(kills >= 1, "the job finished before a worker could be killed: give it more events");
            foreach (var worker in workers) Assert.Equal(0, worker.WaitForExit(Timeout));
        }
        finally
        {
            coordinator.Dispose();
            foreach (var worker in workers) worker.Dispose();
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
            Assert.True(WaitForCheckpoint(dir.File("checkpoints"), first) > 0, first.Log);
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
    internal static (string[] Job, List<string> Expected) Prepare(TempDirectory dir, string query) => Prepare(dir, query, Events, "--max-rate", MaxRate);

    /// <summary>As above for <paramref name="events"/> events; <paramref name="clusterOptions"/> (a rate cap, a state backend) go to the cluster job only.</summary>
    internal static (string[] Job, List<string> Expected) Prepare(TempDirectory dir, string query, string events, params string[] clusterOptions)
    {
        string expected = dir.File("expected.jsonl");
        var local = CliRunner.Run("--query", query, "--events", events, "--parallelism", "4", "--output", expected);
        Assert.True(local.ExitCode == 0, local.Err);
        string[] job = ["--query", query, "--events", events, "--parallelism", "4", "--output", dir.File("out"),
            "--checkpoint-dir", dir.File("checkpoints"), "--checkpoint-interval", "100ms", .. clusterOptions];
        var lines = File.ReadAllLines(expected).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(lines);
        return (job, lines);
    }

    /// <summary>Waits for a completed checkpoint newer than <paramref name="after"/>; returns its id, or -1 when the job ended first.</summary>
    internal static long WaitForCheckpoint(string checkpoints, ClusterProcess coordinator, long after = 0)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            long newest = NewestCheckpoint(checkpoints);
            if (newest > after) return newest;
            if (coordinator.HasExited) return -1;
            if (DateTime.UtcNow > deadline) Assert.Fail($"no checkpoint after {after} completed:\n{coordinator.Log}");
            Thread.Sleep(20);
        }
    }

    internal static long NewestCheckpoint(string checkpoints) =>
        Directory.Exists(checkpoints)
            ? Directory.EnumerateDirectories(checkpoints, "chk-*").Where(d => File.Exists(Path.Combine(d, "_metadata")))
                .Select(d => long.Parse(Path.GetFileName(d)[4..], System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max()
            : 0;

    internal static void AssertCommittedEquals(List<string> expected, string output)
    {
        var committed = Directory.EnumerateFiles(output).Where(f => !Path.GetFileName(f).StartsWith('.')).SelectMany(File.ReadAllLines)
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, committed);
        Assert.DoesNotContain(Directory.EnumerateFiles(output), f => Path.GetFileName(f).StartsWith('.'));
    }
}
