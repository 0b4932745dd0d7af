using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Compiled.Api;
using Compiled.Benchmarks.Report;
using Compiled.Cluster;
using Compiled.Connectors.Nexmark;
using Compiled.Connectors.Postgres;
using Compiled.EventTime;
using Npgsql;

namespace Compiled.Benchmarks;

/// <summary>
/// <c>--postgres CONNECTION</c>: records/s of jobs ending in the PostgreSQL sink, append and upsert, at least once
/// (no checkpoints: committed batches) and exactly once (checkpoints every second: one prepared transaction per
/// writer and checkpoint). Each run writes into a fresh table that is dropped afterwards.
/// </summary>
internal static class PostgresSinkBench
{
    public static int Run(string[] args)
    {
        long events = 1_000_000;
        int parallelism = 2;
        string? connection = null, markdown = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--postgres": connection = args[++i]; break;
                case "--events": events = long.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--parallelism": parallelism = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--markdown": markdown = args[++i]; break;
                default:
                    Console.Error.WriteLine("usage: bench --postgres CONNECTION [--events N] [--parallelism P] [--markdown FILE]");
                    return 2;
            }
        }
        if (connection is null)
        {
            Console.Error.WriteLine("usage: bench --postgres CONNECTION [--events N] [--parallelism P] [--markdown FILE]");
            return 2;
        }

        var rows = new StringBuilder();
        Run(connection, PostgresWriteMode.Append, exactlyOnce: false, 100_000, parallelism); // warm-up (JIT, connections)
        foreach (var mode in new[] { PostgresWriteMode.Append, PostgresWriteMode.Upsert })
        {
            foreach (bool exactlyOnce in new[] { false, true })
            {
                var (records, seconds, checkpoints, tableRows) = Run(connection, mode, exactlyOnce, events, parallelism);
                string line = string.Create(CultureInfo.InvariantCulture,
                    $"| {mode.ToString().ToLowerInvariant()} | {(exactlyOnce ? "exactly once (checkpoints every 1 s)" : "at least once (no checkpoints)")} | {records:N0} | {tableRows:N0} | {seconds:0.00} s | {records / seconds / 1000:0.0} k | {checkpoints} |");
                Console.Error.WriteLine(line);
                rows.AppendLine(line);
            }
        }

        string report = Report(connection, events, parallelism, string.Join(' ', args), rows.ToString());
        Console.WriteLine(report);
        if (markdown is not null) MarkdownSections.Write(markdown, "postgres", report);
        return 0;
    }

    private static (long Records, double Seconds, int Checkpoints, long TableRows) Run(string connection, PostgresWriteMode mode, bool exactlyOnce, long events, int parallelism)
    {
        string table = "bench_" + Guid.NewGuid().ToString("N")[..12];
        Execute(connection, mode == PostgresWriteMode.Append
            ? $"CREATE TABLE {table} (auction bigint NOT NULL, bidder bigint NOT NULL, price bigint NOT NULL, date_time bigint NOT NULL)"
            : $"CREATE TABLE {table} (auction bigint PRIMARY KEY, bidder bigint NOT NULL, price bigint NOT NULL, date_time bigint NOT NULL)");
        string checkpoints = Directory.CreateTempSubdirectory("compiled-bench-pg-").FullName;
        try
        {
            var env = new StreamEnvironment(new ExecutionConfig
            {
                Parallelism = parallelism,
                Checkpointing = exactlyOnce ? new CheckpointConfig(checkpoints, TimeSpan.FromSeconds(1)) : null,
            });
            var bids = env.FromSource(NexmarkSource.Bids(new NexmarkGeneratorConfig { EventCount = events }), WatermarkStrategy.NoWatermarks<Bid>());
            var sink = new PostgresSink<Bid>(
                new PostgresSinkOptions { ConnectionString = connection, Table = table, Mode = mode, Guarantee = exactlyOnce ? PostgresGuarantee.ExactlyOnce : PostgresGuarantee.AtLeastOnce },
                new PostgresColumns<Bid>()
                    .Key("auction", static b => b.Auction)
                    .Add("bidder", static b => b.Bidder)
                    .Add("price", static b => b.Price)
                    .Add("date_time", static b => b.DateTime));
            long records = 0;
            var counted = bids.Map(b =>
            {
                Interlocked.Increment(ref records);
                return b;
            });
            // Upserts come from an operator keyed by the upsert key (the latest bid per auction), so one writer owns each key.
            (mode == PostgresWriteMode.Upsert ? counted.KeyBy(static b => b.Auction).Reduce(static (_, latest) => latest) : counted).SinkTo(sink, "postgres");

            var clock = Stopwatch.StartNew();
            var result = env.Execute("postgres-bench");
            double seconds = clock.Elapsed.TotalSeconds;
            return (records, seconds, result.CompletedCheckpoints, Count(connection, table));
        }
        finally
        {
            Execute(connection, $"DROP TABLE {table}");
            Directory.Delete(checkpoints, recursive: true);
        }
    }

    private static string Report(string connection, long events, int parallelism, string args, string rows)
    {
        using var conn = new NpgsqlConnection(connection);
        conn.Open();
        string settings = string.Join(", ", new[] { "server_version", "fsync", "synchronous_commit", "shared_buffers", "max_prepared_transactions" }
            .Select(s => $"{s}={Scalar(conn, $"SELECT current_setting('{s}')")}"));
        return $"""
            ## PostgreSQL sink

            Command: `dotnet run -c Release --project bench/Compiled.Benchmarks -- {args.Replace(connection, "CONNECTION", StringComparison.Ordinal)}`  
            Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}; server on the same machine over loopback TCP ({settings}).  
            Job: {events:N0} generated Nexmark events, parallelism {parallelism}; every bid becomes a row (auction, bidder, price, date_time), all bigint.
            Append writes every bid (binary COPY, batches of 1,000); upsert keys by auction, keeps the latest bid (a keyed reduce chained to the sink)
            and upserts every update (`INSERT … ON CONFLICT (auction) DO UPDATE`, multi-row statements, the last row per key of a batch).
            Records/s = bids into the sink / job wall time (including connecting and checking the table); one run each after a warm-up run.
            At least once commits every batch (a WAL flush per 1,000 rows with synchronous_commit=on); exactly once commits one prepared
            transaction per writer and checkpoint, so it flushes the WAL far less often.

            | mode | guarantee | records | table rows | time | records/s | checkpoints |
            |---|---|---:|---:|---:|---:|---:|
            {rows.TrimEnd()}
            """;
    }

    private static void Execute(string connection, string sql)
    {
        using var conn = new NpgsqlConnection(connection);
        conn.Open();
        using var command = new NpgsqlCommand(sql, conn);
        command.ExecuteNonQuery();
    }

    private static long Count(string connection, string table)
    {
        using var conn = new NpgsqlConnection(connection);
        conn.Open();
        return Convert.ToInt64(Scalar(conn, $"SELECT count(*) FROM {table}"), CultureInfo.InvariantCulture);
    }

    private static string Scalar(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture) ?? "";
    }
}
