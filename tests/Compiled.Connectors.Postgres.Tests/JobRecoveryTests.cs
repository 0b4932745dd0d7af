using Compiled.Api;
using Compiled.Checkpointing.Storage;
using Compiled.Cluster;
using Compiled.Connectors.Nexmark;
using Compiled.Connectors.Postgres.Tests.Support;
using Compiled.EventTime;
using Compiled.Functions;
using Compiled.Windowing;

namespace Compiled.Connectors.Postgres.Tests;

/// <summary>
/// A windowed job with checkpoints every 100 ms writes to PostgreSQL with exactly-once, fails midway, restarts from its
/// latest checkpoint, and must leave exactly the table of a run without failure: no lost and no duplicated row (the
/// table has no key, so a duplicate would show).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class JobRecoveryTests(PostgresServer server)
{
    private const long Events = 400_000;

    /// <summary>Bids of one auction in one 2-second window.</summary>
    public readonly record struct AuctionCount(long Auction, long WindowEnd, long Bids);

    private sealed class CountBids : IAggregateFunction<Bid, long, long>
    {
        public long CreateAccumulator() => 0;
        public long Add(in Bid value, long accumulator) => accumulator + 1;
        public long GetResult(long accumulator) => accumulator;
        public long Merge(long a, long b) => a + b;
    }

    private sealed class WithWindow : ProcessWindowFunction<long, AuctionCount, long, TimeWindow>
    {
        public override void Process(long key, WindowContext<TimeWindow> context, IReadOnlyList<long> elements, ICollector<AuctionCount> output) =>
            output.Collect(new AuctionCount(key, context.Window.End, elements[0]));
    }

    private static int s_failAfter;
    private static int s_failuresLeft;
    private static string? s_checkpoints;

    private string CreateTable()
    {
        string table = Readings.NewTable();
        server.Execute($"CREATE TABLE {table} (auction bigint NOT NULL, window_end bigint NOT NULL, bids bigint NOT NULL)");
        return table;
    }

    private List<string> Rows(string table) => server.Rows($"SELECT auction, window_end, bids FROM {table} ORDER BY auction, window_end, bids");

    /// <summary>Runs the job into <paramref name="table"/>; it fails after <paramref name="failAfter"/> bids once a checkpoint completed.</summary>
    private JobExecutionResult Run(string table, ExecutionConfig config, int failAfter = -1, int failures = 1)
    {
        s_failAfter = failAfter;
        s_failuresLeft = failAfter < 0 ? 0 : failures;
        s_checkpoints = config.Checkpointing?.Directory;
        var env = new StreamEnvironment(config);
        env.FromSource(NexmarkSource.Bids(new NexmarkGeneratorConfig { EventCount = Events }),
                WatermarkStrategy.ForBoundedOutOfOrderness<Bid>(static b => b.DateTime, TimeSpan.FromSeconds(4)))
           .Map(static b => ShouldFail() ? throw new InvalidOperationException("injected failure") : b)
           .KeyBy(static b => b.Auction)
           .Window(TumblingEventTimeWindows.Of(TimeSpan.FromSeconds(2)))
           .Aggregate(new CountBids(), new WithWindow())
           .SinkTo(new PostgresSink<AuctionCount>(
               new PostgresSinkOptions { ConnectionString = server.ConnectionString, Table = table, BatchSize = 500 },
               new PostgresColumns<AuctionCount>()
                   .Add("auction", static c => c.Auction)
                   .Add("window_end", static c => c.WindowEnd)
                   .Add("bids", static c => c.Bids)), "auction counts");
        return env.Execute("postgres-recovery");
    }

    /// <summary>Whether to fail now: past the threshold, while failures are left, and only once a checkpoint completed.</summary>
    private static bool ShouldFail()
    {
        if (Interlocked.Decrement(ref s_failAfter) > 0 || Volatile.Read(ref s_failuresLeft) <= 0) return false;
        if (s_checkpoints is { } dir && new FileCheckpointStorage(dir).CompletedIds().Count == 0)
        {
            // Slow the input down until a checkpoint completes, so a loaded machine cannot finish the job first.
            Thread.Sleep(5);
            Interlocked.Exchange(ref s_failAfter, 1000);
            return false;
        }
        if (Interlocked.Decrement(ref s_failuresLeft) < 0) return false;
        s_failAfter = 20_000; // a further failure comes soon after the restore, while failures are left
        return true;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void TheRestartStrategyRestoresAndTheTableEqualsTheFailureFreeRun(int parallelism)
    {
        using var checkpoints = new TempDirectory();
        string expected = CreateTable();
        Run(expected, new ExecutionConfig { Parallelism = parallelism });

        string actual = CreateTable();
        var result = Run(actual, new ExecutionConfig
        {
            Parallelism = parallelism,
            Checkpointing = new CheckpointConfig(checkpoints.Path, TimeSpan.FromMilliseconds(100)),
            RestartStrategy = RestartStrategy.FixedDelay(attempts: 3, delay: TimeSpan.FromMilliseconds(10)),
        }, failAfter: (int)(Events * 0.5), failures: 2);

        Assert.InRange(result.Restarts, 1, 2);
        Assert.NotEmpty(new FileCheckpointStorage(checkpoints.Path).CompletedIds()); // the failures came after checkpoints
        var rows = Rows(expected);
        Assert.True(rows.Count > 1000, $"only {rows.Count} rows: the job must write enough to span checkpoints");
        Assert.Equal(rows, Rows(actual));
        Assert.Empty(server.PreparedTransactions());
    }

    [Fact]
    public void ACheckpointAtParallelism4RestoresAtParallelism2WithTheFailureFreeTable()
    {
        using var checkpoints = new TempDirectory();
        string expected = CreateTable();
        Run(expected, new ExecutionConfig { Parallelism = 4 });

        string actual = CreateTable();
        var checkpointing = new CheckpointConfig(checkpoints.Path, TimeSpan.FromMilliseconds(100));
        Assert.Throws<JobExecutionException>(() => Run(actual, new ExecutionConfig { Parallelism = 4, Checkpointing = checkpointing }, failAfter: (int)(Events * 0.6)));
        Assert.True(Rows(actual).Count < Rows(expected).Count, "the failed run must not have committed everything");

        var result = Run(actual, new ExecutionConfig { Parallelism = 2, Checkpointing = checkpointing, RestoreFrom = "latest" });

        Assert.NotNull(result.RestoredCheckpoint);
        Assert.Equal(Rows(expected), Rows(actual));
        Assert.Empty(server.PreparedTransactions());
    }
}
