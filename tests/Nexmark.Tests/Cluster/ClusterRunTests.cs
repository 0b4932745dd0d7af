using Compiled.Connectors.Nexmark;
using Nexmark.Tests.Cli;

namespace Nexmark.Tests.Cluster;

/// <summary>
/// Real processes on loopback: a coordinator and three workers run a query over a generated input file; the output
/// equals the single-process run's. Peers without the secret are refused.
/// </summary>
[Collection(ClusterProcess.Collection)]
public sealed class ClusterRunTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Theory]
    [InlineData("q5")]
    [InlineData("q7")]
    public void ACoordinatorAndThreeWorkersGiveTheSingleProcessResult(string query)
    {
        using var dir = new TempDirectory();
        string input = dir.File("events.jsonl");
        EventFiles.Write(input, EventFiles.Generate(new NexmarkGeneratorConfig(), 60_000));
        string expected = dir.File("expected.jsonl"), actual = dir.File("cluster.jsonl");
        var local = CliRunner.Run("--query", query, "--input", input, "--output", expected, "--parallelism", "4");
        Assert.True(local.ExitCode == 0, local.Err);

        var (coordinator, control, _) = ClusterProcess.StartCoordinator(["--query", query, "--input", input, "--output", actual, "--parallelism", "4"]);
        using (coordinator)
        using (var w1 = ClusterProcess.StartWorker(control, 2))
        using (var w2 = ClusterProcess.StartWorker(control, 1))
        using (var w3 = ClusterProcess.StartWorker(control, 1))
        {
            Assert.True(coordinator.WaitForExit(Timeout) == 0, coordinator.Log);
            foreach (var worker in new[] { w1, w2, w3 }) Assert.True(worker.WaitForExit(Timeout) == 0, worker.Log);
            Assert.Contains("deployed 13 subtasks on workers 1, 2, 3", coordinator.Log, StringComparison.Ordinal);
        }
        var want = File.ReadAllLines(expected).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(want);
        Assert.Equal(want, File.ReadAllLines(actual).Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public void AWorkerWithAWrongSecretIsRefusedAndTheCoordinatorLogsIt()
    {
        using var dir = new TempDirectory();
        var (coordinator, control, _) = ClusterProcess.StartCoordinator(["--query", "q0", "--events", "1000", "--parallelism", "1"], "--slot-timeout", "30s");
        using (coordinator)
        {
            using var impostor = ClusterProcess.StartWorker(control, 1, secret: "a different secret of enough length");
            Assert.Equal(1, impostor.WaitForExit(Timeout));
            Assert.Contains("could not prove it knows the secret", impostor.Log, StringComparison.Ordinal);
            coordinator.WaitFor(new(@"Refused connection from 127\.0\.0\.1:\d+"), Timeout);
            Assert.DoesNotContain("joined", coordinator.Log, StringComparison.Ordinal);

            using var worker = ClusterProcess.StartWorker(control, 1);
            Assert.True(coordinator.WaitForExit(Timeout) == 0, coordinator.Log); // the real worker still runs the job
            Assert.Equal(0, worker.WaitForExit(Timeout));
        }
    }

    [Fact]
    public void TheSecretIsNeverACommandLineValueAndAMissingOneFailsAtStart()
    {
        var (exit, _, err) = CliRunner.Run("worker", "--coordinator", "127.0.0.1:1", "--secret", "oops");
        Assert.NotEqual(0, exit);
        Assert.Contains("--secret", err, StringComparison.Ordinal);

        string? saved = Environment.GetEnvironmentVariable("COMPILED_CLUSTER_SECRET");
        Environment.SetEnvironmentVariable("COMPILED_CLUSTER_SECRET", null);
        try
        {
            (exit, _, err) = CliRunner.Run("worker", "--coordinator", "127.0.0.1:1");
            Assert.Equal(2, exit);
            Assert.Contains("COMPILED_CLUSTER_SECRET", err, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("COMPILED_CLUSTER_SECRET", saved);
        }
    }

    [Fact]
    public void ListShowsTheRunningJobAndCancelEndsItEverywhere()
    {
        var (coordinator, control, rest) = ClusterProcess.StartCoordinator(["--query", "q5", "--events", "50000000", "--parallelism", "2"]);
        using (coordinator)
        using (var worker = ClusterProcess.StartWorker(control, 2))
        {
            coordinator.WaitFor(new("Attempt 1: deployed"), Timeout);
            var deadline = DateTime.UtcNow + Timeout;
            string listed;
            do
            {
                listed = CliRunner.Run("list", "--rest", rest).Out;
                Thread.Sleep(50);
            }
            while (!listed.Contains("RUNNING", StringComparison.Ordinal) && DateTime.UtcNow < deadline);
            Assert.Matches(@"^[0-9a-f]{32}  RUNNING\s+nexmark-q5", listed);

            var (exit, output, err) = CliRunner.Run("cancel", "--rest", rest);
            Assert.True(exit == 0, err);
            Assert.Contains("cancel requested", output, StringComparison.Ordinal);
            Assert.True(coordinator.WaitForExit(Timeout) == 0, coordinator.Log);
            Assert.Contains("was cancelled on request", coordinator.Log, StringComparison.Ordinal);
            Assert.Equal(0, worker.WaitForExit(Timeout));
        }
        var (noCoordinator, _, message) = CliRunner.Run("status", "--rest", rest);
        Assert.Equal(1, noCoordinator);
        Assert.Contains("no coordinator answers", message, StringComparison.Ordinal);
    }
}
