using Compiled.Connectors.Postgres.Tests.Support;
using Compiled.Tests.Shared;
using Nexmark.Job;

namespace Compiled.Connectors.Postgres.Tests;

/// <summary>
/// The Nexmark job binary writes q5 / q7 to PostgreSQL with 100 ms checkpoints, is killed with SIGKILL at random
/// points after it committed rows, and restarted from the latest checkpoint; the table must equal an uninterrupted
/// run's exactly.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class NexmarkCrashRecoveryTests(PostgresServer server)
{
    private const long Events = 2_000_000;
    private const string MaxRate = "1000000"; // a checkpointed run lasts at least 2 s, so a kill within 1 s of its first commit lands mid-run

    [Theory]
    [InlineData("q5", 11)]
    [InlineData("q7", 23)]
    public void AKilledAndRestartedJobLeavesExactlyTheUninterruptedTable(string query, int seed)
    {
        using var work = new TempDirectory();
        string expected = Readings.NewTable(), actual = Readings.NewTable();
        string[] common = ["--query", query, "--events", $"{Events}", "--parallelism", "2", "--postgres", server.ConnectionString];
        JobProcess.Run([.. common, "--postgres-table", expected], killAfter: null);

        server.Execute($"CREATE TABLE {actual} ({NexmarkPostgres.ColumnDefinitions(query)})"); // polled before the job creates it
        string[] job = [.. common, "--postgres-table", actual, "--checkpoint-dir", work.Path, "--checkpoint-interval", "100ms", "--max-rate", MaxRate];
        var random = new Random(seed);
        var committedAtKills = new List<long>();
        long committed = 0;
        for (int attempt = 0; attempt < 3; attempt++)
        {
            // Killed at a random point after this attempt committed rows of its own, so every kill lands mid-run.
            string[] args = attempt == 0 ? job : [.. job, "--from-checkpoint", "latest"];
            long before = committed;
            var run = JobProcess.Run(args, TimeSpan.FromMilliseconds(random.Next(0, 1000)), armed: () => server.Count($"SELECT count(*) FROM {actual}") > before);
            committed = server.Count($"SELECT count(*) FROM {actual}");
            if (!run.Killed) break;
            committedAtKills.Add(committed);
        }
        JobProcess.Run([.. job, "--from-checkpoint", "latest"], killAfter: null);

        string columns = query == "q5" ? "auction, num" : "auction, bidder, price, date_time, extra";
        var uninterrupted = server.Rows($"SELECT {columns} FROM {expected} ORDER BY {columns}");
        Assert.True(uninterrupted.Count > 10, $"only {uninterrupted.Count} rows: give the job more events");
        Assert.True(committedAtKills.Count > 0, "the job finished before it could be killed: give it more events");
        Assert.Contains(committedAtKills, c => c > 0 && c < uninterrupted.Count); // killed midway, with committed rows
        Assert.Equal(uninterrupted, server.Rows($"SELECT {columns} FROM {actual} ORDER BY {columns}"));
        Assert.DoesNotContain(server.PreparedTransactions(), gid => gid.Contains(actual, StringComparison.Ordinal));
    }
}
