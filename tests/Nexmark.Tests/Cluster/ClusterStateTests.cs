using System.Diagnostics;
using System.Text.RegularExpressions;
using Compiled.Checkpointing.Storage;
using Compiled.Cluster;
using Compiled.Cluster.Hosting;
using Nexmark.Cli;
using Nexmark.Tests.Cli;
using static Nexmark.Tests.Cluster.ClusterFailoverTests;

namespace Nexmark.Tests.Cluster;

/// <summary>
/// Keyed state on the cluster: RocksDB on the workers (incremental checkpoint files written by the workers into the
/// shared checkpoint directory) survives a worker killed with SIGKILL; savepoints taken on the cluster are canonical, so
/// a single process restores them with another state backend, and the other way round. Every output equals the
/// uninterrupted single-process run's.
/// </summary>
[Collection(ClusterProcess.Collection)]
public sealed partial class ClusterStateTests
{
    private const string Events = "150000";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public void RocksDbOnWorkersSurvivesAKilledWorkerWithExactlyOnceOutput()
    {
        using var dir = new TempDirectory();
        // At most 20k events/s: the run lasts over 7 s, so the kill lands mid-run however fast the machine is.
        var (job, expected) = Prepare(dir, "q5", Events, "--max-rate", "20000", "--state-backend", "rocksdb");
        var (coordinator, control, _) = ClusterProcess.StartCoordinator(job, "--heartbeat-timeout", "2s");
        var processes = new List<ClusterProcess> { coordinator, ClusterProcess.StartWorker(control, 2), ClusterProcess.StartWorker(control, 2) };
        try
        {
            string checkpoints = dir.File("checkpoints");
            long first = WaitForCheckpoint(checkpoints, coordinator);
            Assert.True(WaitForCheckpoint(checkpoints, coordinator, after: first) > 0, coordinator.Log); // incremental: a second one may reuse files
            Thread.Sleep(new Random(7).Next(0, 800));
            Assert.False(coordinator.HasExited, "the job ended before the kill: lower --max-rate");
            processes[2].Kill();
            processes.Add(ClusterProcess.StartWorker(control, 2));
            coordinator.WaitFor(new(@"Attempt 2: deployed \d+ subtasks on workers .*restoring .*chk-\d+"), Timeout);
            Assert.True(coordinator.WaitForExit(Timeout) == 0, coordinator.Log);
            Assert.True(processes[1].WaitForExit(Timeout) == 0, processes[1].Log);
            Assert.True(processes[3].WaitForExit(Timeout) == 0, processes[3].Log);

            // The workers stored the RocksDB files themselves; the checkpoints reference them from shared/. The final
            // checkpoint records every subtask as finished, without keyed state: take the newest one with files.
            var retained = new FileCheckpointStorage(checkpoints).CompletedIds();
            var shared = retained.Reverse().Select(id => FileCheckpointStorage.Load(Path.Combine(checkpoints, $"chk-{id}")).Metadata)
                .Select(m => m.States.SelectMany(s => s.Files ?? []).Where(f => f.SharedName is not null).ToList())
                .FirstOrDefault(files => files.Count > 0) ?? [];
            Assert.NotEmpty(shared);
            Assert.All(shared, f => Assert.True(File.Exists(Path.Combine(checkpoints, "shared", f.SharedName!)), f.SharedName));
        }
        finally
        {
            foreach (var p in processes) p.Dispose();
        }
        AssertCommittedEquals(expected, dir.File("out"));
    }

    [Fact]
    public void ASavepointStoppedOnTheClusterWithRocksDbRestoresInOneProcessOnTheHeap()
    {
        using var dir = new TempDirectory();
        var (job, expected) = Prepare(dir, "q5", Events, "--max-rate", "20000", "--state-backend", "rocksdb");
        var (coordinator, control, rest) = ClusterProcess.StartCoordinator(job);
        using (coordinator)
        using (var w1 = ClusterProcess.StartWorker(control, 2))
        using (var w2 = ClusterProcess.StartWorker(control, 2))
        {
            Assert.True(WaitForCheckpoint(dir.File("checkpoints"), coordinator) > 0, coordinator.Log);
            string savepoint = StopWithSavepoint(rest, dir.File("savepoints"));
            Assert.True(coordinator.WaitForExit(Timeout) == 0, coordinator.Log);
            Assert.Contains("stopped with a savepoint", coordinator.Log, StringComparison.Ordinal);
            Assert.Equal(0, w1.WaitForExit(Timeout));
            Assert.Equal(0, w2.WaitForExit(Timeout));
            AssertCanonical(savepoint);

            var local = CliRunner.Run("--query", "q5", "--events", Events, "--parallelism", "4", "--output", dir.File("out"),
                "--checkpoint-dir", dir.File("checkpoints"), "--from-savepoint", savepoint, "--state-backend", "heap");
            Assert.True(local.ExitCode == 0, local.Err);
        }
        AssertCommittedEquals(expected, dir.File("out"));
    }

    [Fact]
    public async Task ASavepointOfOneProcessRestoresOnTheClusterIntoRocksDb()
    {
        using var dir = new TempDirectory();
        var (job, expected) = Prepare(dir, "q5", Events, "--max-rate", "20000");
        var single = ClusterJobs.Create(job, ClusterRole.Coordinator); // the same job, run in this process
        var client = LocalCluster.Start(single.Name, single.Plan, single.Config);
        Assert.True(WaitForLocalCheckpoint(dir.File("checkpoints"), client) > 0, "no checkpoint completed");
        string savepoint = "";
        for (int attempt = 0; attempt < 50 && savepoint.Length == 0; attempt++)
        {
            try { savepoint = (await client.StopWithSavepointAsync(dir.File("savepoints"))).Path; }
            catch (InvalidOperationException) { await Task.Delay(100); } // tasks still starting
        }
        await client.Completion;
        Assert.True(client.StopRequested, "the job ended before it could be stopped: lower --max-rate");
        AssertCanonical(savepoint);

        var (coordinator, control, _) = ClusterProcess.StartCoordinator([.. job, "--from-savepoint", savepoint, "--state-backend", "rocksdb"]);
        using (coordinator)
        using (var w1 = ClusterProcess.StartWorker(control, 2))
        using (var w2 = ClusterProcess.StartWorker(control, 2))
        {
            Assert.True(coordinator.WaitForExit(Timeout) == 0, coordinator.Log);
            Assert.Matches(@"Attempt 1: deployed \d+ subtasks on workers 1, 2, restoring .*savepoint", coordinator.Log);
            Assert.Equal(0, w1.WaitForExit(Timeout));
            Assert.Equal(0, w2.WaitForExit(Timeout));
        }
        AssertCommittedEquals(expected, dir.File("out"));
    }

    /// <summary>Stops the cluster's job with a savepoint through the command line client; returns the savepoint's path.</summary>
    private static string StopWithSavepoint(string rest, string directory)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var (exit, output, err) = CliRunner.Run("stop", "--savepoint-dir", directory, "--rest", rest);
            if (exit == 0) return SavepointLine().Match(output).Groups[1].Value.Trim();
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"stop failed: {err}");
            Thread.Sleep(100); // tasks still starting
        }
    }

    /// <summary>A savepoint is canonical: state files only, no incremental (backend-specific) files.</summary>
    private static void AssertCanonical(string savepoint)
    {
        var metadata = FileCheckpointStorage.Load(savepoint).Metadata;
        Assert.Equal("savepoint", metadata.Kind);
        Assert.NotEmpty(metadata.States);
        Assert.All(metadata.States, s => Assert.True(s.Files is null or { Count: 0 }, $"{s.OperatorUid}-{s.Subtask} has incremental files"));
    }

    private static long WaitForLocalCheckpoint(string checkpoints, JobClient client)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (DateTime.UtcNow < deadline && !client.Completion.IsCompleted)
        {
            if (NewestCheckpoint(checkpoints) is > 0 and var id) return id;
            Thread.Sleep(20);
        }
        return -1;
    }

    [GeneratedRegex(@"savepoint \d+ at (.+)")]
    private static partial Regex SavepointLine();
}
