using System.Diagnostics;
using System.Text.RegularExpressions;
using static Nexmark.Tests.Cluster.ClusterFailoverTests;

namespace Nexmark.Tests.Cluster;

/// <summary>
/// A worker that goes silent without dying: its network is cut (a veth link in a network namespace goes down, sockets
/// stay open) or its process is frozen with SIGSTOP. The coordinator notices by heartbeat timeout within seconds, waits
/// until the silent worker has stopped its own subtasks, and restores the job from the latest checkpoint onto the
/// remaining slots plus a spare worker. When the silent worker comes back it rejoins as a new, idle worker, and nothing
/// of its old attempt reaches the output: the committed output equals the uninterrupted run's.
/// </summary>
[Collection(ClusterProcess.Collection)]
public sealed partial class SilentWorkerTests
{
    // 200k events at 20k/s: the run lasts over 10 s, so the failure always lands mid-run and the job still runs when the
    // silent worker comes back, however fast the machine is.
    private const string Events = "200000";
    private const string MaxRate = "20000";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Theory]
    [InlineData("cut", "q5", 5)]
    [InlineData("freeze", "q7", 6)]
    public void ASilentWorkerIsDetectedAndReplacedAndDoesNotCorruptTheOutputWhenItReturns(string failure, string query, int seed)
    {
        using var dir = new TempDirectory();
        // Only the cut needs a namespace (and root); a frozen worker stays on loopback.
        using var network = failure == "cut" ? new NetworkNamespace() : null;
        string host = network?.OuterAddress ?? "127.0.0.1";
        var (job, expected) = Prepare(dir, query, Events, "--max-rate", MaxRate);
        string[] worker = ["--bind", host, "--heartbeat-timeout", "2s"];
        var (coordinator, control, _) = ClusterProcess.StartCoordinatorOn(host, job, environment: null, "--heartbeat-timeout", "2s");
        var processes = new List<ClusterProcess> { coordinator };
        try
        {
            var survivor = ClusterProcess.StartWorkerIn(null, control, 2, worker);
            processes.Add(survivor);
            coordinator.WaitFor(WorkerJoined(), Timeout);
            // The silent one runs in the namespace, so everything it exchanges crosses the link that is cut.
            var silent = network is not null
                ? ClusterProcess.StartWorkerIn(network.Name, control, 2, "--bind", network.InnerAddress, "--heartbeat-timeout", "2s")
                : ClusterProcess.StartWorkerIn(null, control, 2, worker);
            processes.Add(silent);
            coordinator.WaitFor(new(@"Attempt 1: deployed \d+ subtasks on workers 1, 2\b"), Timeout);
            var spare = ClusterProcess.StartWorkerIn(null, control, 2, worker);
            processes.Add(spare);
            coordinator.WaitFor(new(@"Worker 3 joined"), Timeout);

            Assert.True(WaitForCheckpoint(dir.File("checkpoints"), coordinator) > 0, coordinator.Log);
            Thread.Sleep(new Random(seed).Next(0, 1000));
            Assert.False(coordinator.HasExited, "the job ended before the failure: lower --max-rate");
            var clock = Stopwatch.StartNew();
            if (network is not null) network.Cut();
            else silent.Freeze(true);

            coordinator.WaitFor(new(@"Attempt 1 failed \(worker 2 \([0-9.:]+\) was lost: no heartbeat"), TimeSpan.FromSeconds(15));
            var detected = clock.Elapsed;
            Assert.True(detected < TimeSpan.FromSeconds(5), $"the silent worker was detected after {detected}");
            coordinator.WaitFor(new(@"Attempt 2: deployed \d+ subtasks on workers 1, 3, restoring .*chk-\d+"), Timeout);
            var restored = clock.Elapsed;
            if (network is not null)
            {
                // It stopped its subtasks on its own before the new attempt started (the coordinator waited for that).
                silent.WaitFor(new("No heartbeat from the coordinator"), TimeSpan.FromSeconds(1));
                network.Restore();
            }
            else silent.Freeze(false);

            // Back, it finds its connections gone, drops the old attempt and registers again as a new worker.
            silent.WaitFor(new("Reconnected to the coordinator"), TimeSpan.FromSeconds(30));
            coordinator.WaitFor(new(@"Worker 4 joined"), TimeSpan.FromSeconds(10));
            Assert.True(coordinator.WaitForExit(Timeout) == 0, coordinator.Log);
            Assert.DoesNotContain("Attempt 2 failed", coordinator.Log, StringComparison.Ordinal);
            foreach (var p in processes.Skip(1)) Assert.True(p.WaitForExit(Timeout) == 0, p.Log);
            Console.WriteLine($"{failure}: detected after {detected.TotalSeconds:0.0} s, restored after {restored.TotalSeconds:0.0} s");
        }
        finally
        {
            foreach (var p in processes) p.Dispose();
        }
        AssertCommittedEquals(expected, dir.File("out"));
    }

    [GeneratedRegex(@"Worker 1 joined")]
    private static partial Regex WorkerJoined();
}
