using System.Text.RegularExpressions;

namespace Compiled.Chaos;

/// <summary>
/// A coordinator and three workers (2 slots each) run the job at parallelism 4; 1–2 times a random worker is killed
/// with SIGKILL at a random point and a new one joins. The coordinator restores from the latest checkpoint each time.
/// </summary>
internal static partial class ClusterScenario
{
    private const string SecretVariable = "COMPILED_CLUSTER_SECRET";

    public static Outcome Run(Iteration it)
    {
        string output = it.Path("out");
        var environment = new Dictionary<string, string>(it.Environment)
        {
            [SecretVariable] = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)),
        };
        string[] job = ["--query", it.Query, "--events", $"{it.Events}", "--parallelism", "4", "--output", output,
            "--checkpoint-dir", it.Path("checkpoints"), "--checkpoint-interval", "200ms", "--max-rate", $"{it.MaxRate}"];
        using var coordinator = new ChildProcess("Nexmark.dll", ["coordinator", "--bind", "127.0.0.1:0", "--rest", "off", .. job], environment);
        if (coordinator.WaitForLog(ControlAddress(), TimeSpan.FromSeconds(60)) is not { } listening)
            return new Outcome(false, $"the coordinator did not start:\n{coordinator.Log}");
        string control = listening.Groups[1].Value;
        ChildProcess Worker() => new("Nexmark.dll", ["worker", "--coordinator", control, "--slots", "2", "--reconnect-timeout", "20s"], environment);
        var workers = new List<ChildProcess> { Worker(), Worker(), Worker() };
        try
        {
            int kills = it.Random.Next(1, 3);
            for (int k = 0; k < kills; k++)
            {
                if (coordinator.WaitForExit(it.Between(1000, 3000))) break;
                var victim = workers[it.Random.Next(workers.Count)];
                victim.Kill();
                workers.Remove(victim);
                victim.Dispose();
                workers.Add(Worker());
            }
            if (!coordinator.WaitForExit(TimeSpan.FromMinutes(5))) return new Outcome(false, "the cluster job did not end within 5 minutes");
            if (coordinator.ExitCode != 0) return new Outcome(false, $"the coordinator exited with {coordinator.ExitCode}:\n{coordinator.Log}");
            var committed = CommittedOutput.OfDirectory(output);
            string what = $"{it.Query} cluster p4, {kills} worker kills";
            return committed.SequenceEqual(it.Expected, StringComparer.Ordinal)
                ? new Outcome(true, $"{what}: {committed.Count} rows")
                : new Outcome(false, $"{what}: {CommittedOutput.Difference(it.Expected, committed)}");
        }
        finally
        {
            foreach (var worker in workers) worker.Dispose();
        }
    }

    [GeneratedRegex(@"listening on (127\.0\.0\.1:\d+)")]
    private static partial Regex ControlAddress();
}
