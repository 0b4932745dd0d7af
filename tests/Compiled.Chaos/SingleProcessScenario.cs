namespace Compiled.Chaos;

/// <summary>
/// The job in one process, with the file sink and checkpoints at a random interval, killed with SIGKILL 1–4 times at
/// random points and restarted from the latest checkpoint; with <c>rescale</c>, every restart picks a new parallelism.
/// </summary>
internal static class SingleProcessScenario
{
    public static Outcome Run(Iteration it, string backend, bool rescale)
    {
        string output = it.Path("out"), checkpoints = it.Path("checkpoints");
        int parallelism = it.Random.Next(1, 5);
        int interval = it.Random.Next(50, 501);
        int maxKills = it.Random.Next(1, 5);
        var parallelisms = new List<int>();
        int kills = 0;
        for (int attempt = 0; ; attempt++)
        {
            if (attempt > 0 && rescale) parallelism = it.Random.Next(1, 5);
            parallelisms.Add(parallelism);
            string[] args = ["--query", it.Query, "--events", $"{it.Events}", "--parallelism", $"{parallelism}", "--output", output,
                "--checkpoint-dir", checkpoints, "--checkpoint-interval", $"{interval}ms", "--state-backend", backend, "--max-rate", $"{it.MaxRate}",
                .. attempt == 0 ? Array.Empty<string>() : ["--from-checkpoint", "latest"]];
            using var job = new ChildProcess("Nexmark.dll", args, it.Environment);
            bool kill = kills < maxKills;
            if (kill && !job.WaitForExit(it.Between(200, 3000)))
            {
                job.Kill();
                kills++;
                continue;
            }
            if (!job.WaitForExit(TimeSpan.FromMinutes(5))) return new Outcome(false, $"the job did not end within 5 minutes: {job.Arguments}");
            if (job.ExitCode != 0) return new Outcome(false, $"the job failed with exit code {job.ExitCode}: {job.Arguments}\n{job.Log}");
            break;
        }
        string what = $"{it.Query} {backend} p{string.Join("→p", parallelisms)} every {interval} ms, {kills} kills";
        var committed = CommittedOutput.OfDirectory(output);
        if (CommittedOutput.HasHiddenFiles(output)) return new Outcome(false, $"{what}: uncommitted files left in {output}");
        return committed.SequenceEqual(it.Expected, StringComparer.Ordinal)
            ? new Outcome(true, $"{what}: {committed.Count} rows")
            : new Outcome(false, $"{what}: {CommittedOutput.Difference(it.Expected, committed)}");
    }
}
