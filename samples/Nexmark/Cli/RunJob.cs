using System.Diagnostics;
using System.Globalization;
using Compiled.Api;
using Compiled.Cluster;
using Compiled.Connectors;
using Compiled.Connectors.Nexmark;
using Compiled.State.Heap;
using Compiled.State.RocksDb.Backend;
using Nexmark.Job;

namespace Nexmark.Cli;

/// <summary>Executes a <see cref="RunCommand"/>: builds the query's job, runs it and reports a one-line summary.</summary>
public static class RunJob
{
    /// <summary>Runs the query; writes the summary (and the dead-letter count) to <paramref name="err"/>. Throws <see cref="JobExecutionException"/> when the job fails.</summary>
    public static void Execute(RunCommand command, TextWriter err)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(err);
        using var audit = command.Kafka?.TransactionLog is { } auditPath ? new TransactionAuditLog(auditPath) : null;
        var (env, results, parsed) = Build(command, prepareOutput: true, audit);
        var checkpoints = command.Checkpoints;
        var kafka = command.Kafka;

        var clock = Stopwatch.StartNew();
        JobExecutionResult result = env.Execute("nexmark-" + command.Query);
        double seconds = clock.Elapsed.TotalSeconds;

        long eventCount = command.Input is null && kafka?.InputTopic is null ? command.Events : parsed.Count;
        string destination = kafka?.OutputTopic is { } outputTopic ? "output topic " + outputTopic
            : command.Postgres is { } table ? "PostgreSQL table " + table.Table
            : command.Output is null ? "rows counted only" : "output " + command.Output;
        if (checkpoints.Directory is not null)
            destination += string.Create(CultureInfo.InvariantCulture, $", {result.CompletedCheckpoints} checkpoints") +
                (result.RestoredCheckpoint is { } restored ? $", restored from checkpoint {restored}" : "");
        err.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{command.Query}: {eventCount} events, {results.Rows.Count} rows, {seconds:0.000} s, {eventCount / Math.Max(seconds, 1e-9):0} events/s, parallelism {command.Parallelism}, {destination}"));
        if (result.DeadLetters > 0)
        {
            err.WriteLine(command.DeadLetters is null
                ? $"{result.DeadLetters} malformed input lines were skipped; pass --dead-letters FILE to see them."
                : $"{result.DeadLetters} malformed input lines were written to {command.DeadLetters}.");
        }
    }

    /// <summary>
    /// Builds the query's job (the same in every process of a cluster). <paramref name="prepareOutput"/>: this process
    /// owns the output, so a fresh run clears earlier part files and creates the PostgreSQL table first. <paramref name="audit"/>
    /// receives the Kafka sink's transaction steps. <paramref name="rocksDbDirectory"/>: where RocksDB keeps its databases
    /// (null: $TMPDIR/compiled-rocksdb).
    /// </summary>
    internal static (StreamEnvironment Env, ResultSink Results, RecordCounter Parsed) Build(RunCommand command, bool prepareOutput, TransactionAuditLog? audit = null,
        string? rocksDbDirectory = null)
    {
        var checkpoints = command.Checkpoints;
        var env = new StreamEnvironment(new ExecutionConfig
        {
            Parallelism = command.Parallelism,
            Checkpointing = checkpoints.Directory is null ? null : new CheckpointConfig(checkpoints.Directory, checkpoints.Interval),
            RestoreFrom = checkpoints.RestoreFrom,
            StateBackend = checkpoints.StateBackend == "rocksdb" ? new RocksDbStateBackend(rocksDbDirectory) : HeapStateBackend.Instance,
        });
        bool partFiles = checkpoints.Directory is not null;
        bool partitioned = command.Query == NexmarkJob.PartitionedQuery;
        if (prepareOutput && (partFiles || partitioned) && command.Output is not null && checkpoints.RestoreFrom is null) ClearPartFiles(command.Output, partitioned);
        var parsed = new RecordCounter();
        var kafka = command.Kafka;
        double rate = command.MaxRate ?? double.PositiveInfinity;
        DataStream<NexmarkEvent> events = kafka?.InputTopic is { } topic ? NexmarkInputs.Kafka(env, kafka.BootstrapServers, topic, kafka.Bounded, parsed, rate)
            : command.Input is null ? NexmarkInputs.Generator(env, command.Events, maxRate: rate)
            : NexmarkInputs.Files(env, ArgumentParser.InputFiles(command.Input), parsed, rate);
        if (command.DeadLetters is not null)
        {
            events.GetSideOutput(DeadLetter.Tag).SinkTo(DeadLetterSink.Create(command.DeadLetters), "dead letters");
        }

        if (prepareOutput && command.Postgres is { } postgres) NexmarkPostgres.CreateTable(postgres, command.Query);
        var results = new ResultSink(command.Output, partFiles, command.Postgres, kafka?.OutputTopic is { } output
            ? new KafkaOutput(kafka.BootstrapServers, output, ExactlyOnce: checkpoints.Directory is not null, $"nexmark-{command.Query}-{output}")
            {
                TransactionListener = audit is null ? null : audit.Record,
            }
            : null, command.MaxOutputRate ?? double.PositiveInfinity);
        NexmarkJob.Build(command.Query, events, results, command.SideInput);
        return (env, results, parsed);
    }

    /// <summary>
    /// A fresh run (no restore) starts an empty output directory, so it never mixes with an earlier run's part files
    /// (of every partition directory, for a partitioned table).
    /// </summary>
    private static void ClearPartFiles(string directory, bool partitions)
    {
        if (!Directory.Exists(directory)) return;
        var depth = partitions ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly;
        foreach (var file in Directory.EnumerateFiles(directory, "*part-*", depth)) File.Delete(file);
    }
}
