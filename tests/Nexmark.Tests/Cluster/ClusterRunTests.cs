using Compiled.Connectors.Nexmark;
using Nexmark.Tests.Cli;

namespace Nexmark.Tests.Cluster;

/// <summary>
/// Real processes on loopback: a coordinator and three workers run a query over a generated input file; the output
/// equals the single-process run's. Peers without the secret are refused.
/// </summary>
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
}
