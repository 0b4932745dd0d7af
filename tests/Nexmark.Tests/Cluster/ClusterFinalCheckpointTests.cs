using System.Text.RegularExpressions;
using Compiled.Connectors.Nexmark;
using Nexmark.Tests.Cli;

namespace Nexmark.Tests.Cluster;

/// <summary>
/// Subtasks on workers end with a final checkpoint, as in one process: a two-phase-commit sink commits its last
/// transaction only when a checkpoint that recorded it as finished completed, and checkpoints go on after some
/// subtasks finished, so a restore never replays what a finished sink already committed.
/// </summary>
[Collection(ClusterProcess.Collection)]
public sealed class ClusterFinalCheckpointTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public void ABoundedJobCommitsAllItsOutputThroughTheFinalCheckpoint()
    {
        using var dir = new TempDirectory();
        string expected = dir.File("expected.jsonl");
        var local = CliRunner.Run("--query", "q5", "--events", "40000", "--parallelism", "4", "--output", expected);
        Assert.True(local.ExitCode == 0, local.Err);

        // No periodic checkpoint within the run: the output becomes visible only through the final one.
        var (coordinator, control, _) = ClusterProcess.StartCoordinator(["--query", "q5", "--events", "40000", "--parallelism", "4",
            "--output", dir.File("out"), "--checkpoint-dir", dir.File("checkpoints"), "--checkpoint-interval", "1h"]);
        using (coordinator)
        using (var w1 = ClusterProcess.StartWorker(control, 2))
        using (var w2 = ClusterProcess.StartWorker(control, 2))
        {
            Assert.True(coordinator.WaitForExit(Timeout) == 0, coordinator.Log);
            Assert.Equal(0, w1.WaitForExit(Timeout));
            Assert.Equal(0, w2.WaitForExit(Timeout));
            Assert.Contains("(1 attempts, 1 checkpoints)", coordinator.Log, StringComparison.Ordinal);
        }
        Assert.Equal(1, ClusterFailoverTests.NewestCheckpoint(dir.File("checkpoints")));
        ClusterFailoverTests.AssertCommittedEquals(File.ReadAllLines(expected).Order(StringComparer.Ordinal).ToList(), dir.File("out"));
    }

    [Fact]
    public void AWorkerKilledAfterASinkSubtaskFinishedKeepsExactlyOnceOutput()
    {
        using var dir = new TempDirectory();
        // Uneven inputs: source subtask 0 reads a small file and its chained sink finishes at once; the others read
        // large files at a capped rate (6000 events/s each), so they run for seconds after it.
        var events = EventFiles.Generate(new NexmarkGeneratorConfig(), 91_500);
        var files = new[] { events.Take(1_500), events.Skip(1_500).Take(30_000), events.Skip(31_500).Take(30_000), events.Skip(61_500) }
            .Select((part, k) =>
            {
                string path = dir.File($"events-{k}.jsonl");
                EventFiles.Write(path, part);
                return path;
            }).ToList();
        string input = string.Join(',', files), expectedFile = dir.File("expected.jsonl");
        var local = CliRunner.Run("--query", "q0", "--input", input, "--parallelism", "4", "--output", expectedFile);
        Assert.True(local.ExitCode == 0, local.Err);
        var expected = File.ReadAllLines(expectedFile).Order(StringComparer.Ordinal).ToList();

        var (coordinator, control, _) = ClusterProcess.StartCoordinator(["--query", "q0", "--input", input, "--parallelism", "4",
            "--output", dir.File("out"), "--checkpoint-dir", dir.File("checkpoints"), "--checkpoint-interval", "200ms", "--max-rate", "24000"],
            "--heartbeat-timeout", "2s");
        var first = ClusterProcess.StartWorker(control, 2);
        first.WaitFor(new(@"as worker 1 "), Timeout); // worker 1 owns slots 0 and 1: it runs the subtask that finishes first
        var workers = new List<ClusterProcess> { first, ClusterProcess.StartWorker(control, 2) };
        Dictionary<string, (long Length, DateTime Written)> finishedParts;
        try
        {
            coordinator.WaitFor(new(@"Attempt 1: deployed 4 subtasks"), Timeout);
            coordinator.WaitFor(new(@"Attempt 1: .*\(1/4\) finished"), Timeout);
            Assert.DoesNotMatch(new Regex(@"\([234]/4\) finished"), coordinator.Log);
            // Checkpoints go on after a subtask finished; the one restored below records it as finished.
            long before = ClusterFailoverTests.NewestCheckpoint(dir.File("checkpoints"));
            Assert.True(ClusterFailoverTests.WaitForCheckpoint(dir.File("checkpoints"), coordinator, after: before) > before,
                $"no checkpoint completed after subtask 1/4 finished:\n{coordinator.Log}");
            finishedParts = PartFiles(dir.File("out"), subtask: 0);
            Assert.NotEmpty(finishedParts);
            Assert.False(coordinator.HasExited, "the job ended before the kill: give the other subtasks more input");
            first.Kill();
            workers.Remove(first);
            coordinator.WaitFor(new(@"Attempt 1 failed \((worker 1 |.*data connection)"), TimeSpan.FromSeconds(10));
            workers.Add(ClusterProcess.StartWorker(control, 2));
            coordinator.WaitFor(new(@"Attempt 2: deployed 4 subtasks on workers .*restoring .*chk-\d+"), Timeout);
            Assert.True(coordinator.WaitForExit(Timeout) == 0, coordinator.Log);
            foreach (var worker in workers) Assert.Equal(0, worker.WaitForExit(Timeout));
        }
        finally
        {
            coordinator.Dispose();
            first.Dispose();
            foreach (var worker in workers) worker.Dispose();
        }
        ClusterFailoverTests.AssertCommittedEquals(expected, dir.File("out"));
        Assert.Equal(finishedParts, PartFiles(dir.File("out"), subtask: 0)); // restored as finished, the subtask wrote nothing again
    }

    /// <summary>Committed part files of one sink subtask with their length and last write time.</summary>
    private static Dictionary<string, (long Length, DateTime Written)> PartFiles(string output, int subtask) =>
        Directory.EnumerateFiles(output, $"part-{subtask}-*").ToDictionary(f => Path.GetFileName(f), f => (new FileInfo(f).Length, File.GetLastWriteTimeUtc(f)));
}
