using Compiled.Tests.Shared;

namespace Nexmark.Tests.Recovery;

/// <summary>
/// The job binary with 200 ms checkpoints is killed with SIGKILL at random points and restarted from the latest
/// checkpoint, a few times; the committed output must equal an uninterrupted run's exactly (no loss, no duplicates).
/// </summary>
public sealed class CrashRecoveryTests
{
    // Checkpointed runs read at most Events / 1.5 s, so each lasts at least 1.5 s however fast the machine: a kill
    // 0.4–1.2 s after the start always lands mid-run.
    private const long HeapEvents = 1_500_000;
    private const long RocksDbEvents = 600_000; // every state access goes through RocksDB: the job is far slower than on the heap

    [Theory]
    [InlineData("q5", 11, "heap")]
    [InlineData("q7", 23, "heap")]
    [InlineData("q5", 37, "rocksdb")]
    [InlineData("q7", 41, "rocksdb")]
    public void KilledAndRestartedJobCommitsExactlyTheUninterruptedOutput(string query, int seed, string backend)
    {
        long events = backend == "rocksdb" ? RocksDbEvents : HeapEvents;
        string work = Path.Combine(Path.GetTempPath(), "compiled-crash-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            string expected = Path.Combine(work, "expected.jsonl");
            Assert.Equal(0, Run(["--query", query, "--events", $"{events}", "--parallelism", "2", "--output", expected], killAfter: null).ExitCode);

            string output = Path.Combine(work, "out"), checkpoints = Path.Combine(work, "checkpoints");
            string[] job = ["--query", query, "--events", $"{events}", "--parallelism", "2", "--output", output,
                "--checkpoint-dir", checkpoints, "--checkpoint-interval", "200ms", "--state-backend", backend, "--max-rate", $"{events * 2 / 3}"];
            var random = new Random(seed);
            int kills = 0;
            for (int attempt = 0; attempt < 3; attempt++)
            {
                string[] args = attempt == 0 ? job : [.. job, "--from-checkpoint", "latest"];
                var run = Run(args, killAfter: TimeSpan.FromMilliseconds(random.Next(400, 1200)), work);
                if (!run.Killed)
                {
                    Assert.Equal(0, run.ExitCode);
                    break;
                }
                kills++;
            }
            var final = Run([.. job, "--from-checkpoint", "latest"], killAfter: null, work);
            Assert.Equal(0, final.ExitCode);

            Assert.True(kills > 0, "the job finished before it could be killed: give it more events");
            var committed = Directory.EnumerateFiles(output).Where(f => !Path.GetFileName(f).StartsWith('.')).SelectMany(File.ReadAllLines).Order(StringComparer.Ordinal).ToList();
            var uninterrupted = File.ReadAllLines(expected).Order(StringComparer.Ordinal).ToList();
            Assert.NotEmpty(uninterrupted);
            Assert.Equal(uninterrupted, committed);
            Assert.DoesNotContain(Directory.EnumerateFiles(output), f => Path.GetFileName(f).StartsWith('.'));
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>
    /// Runs the job binary; kills it (SIGKILL) after <paramref name="killAfter"/> unless it ended first. Its temporary
    /// directory (where RocksDB keeps its local databases, which a killed process cannot delete) is <paramref name="temp"/>.
    /// </summary>
    private static JobRun Run(string[] args, TimeSpan? killAfter, string? temp = null) =>
        JobProcess.Run(args, killAfter, environment: temp is null ? null : new Dictionary<string, string> { ["TMPDIR"] = temp });
}
