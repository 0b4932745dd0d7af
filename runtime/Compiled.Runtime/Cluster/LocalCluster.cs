using System.Diagnostics;
using Compiled.Checkpointing.Storage;
using Compiled.Execution;
using Compiled.Execution.Checkpoints;
using Compiled.Execution.Operators;
using Compiled.Network;
using Compiled.Plan;

namespace Compiled.Cluster;

/// <summary>
/// Runs a job in this process: one thread per subtask of every chain, in-process channels between
/// them. The first task failure cancels the job and is rethrown as <see cref="JobExecutionException"/>.
/// </summary>
public static class LocalCluster
{
    /// <summary>
    /// Runs <paramref name="plan"/> until every task finishes (bounded input) or <paramref name="cancellation"/> fires.
    /// After a failure the job runs again as the restart strategy allows, from the latest completed checkpoint.
    /// </summary>
    public static JobExecutionResult Execute(string jobName, JobPlan plan, ExecutionConfig config, CancellationToken cancellation = default) =>
        Execute(jobName, plan, config, cancellation, client: null);

    /// <summary>Starts <paramref name="plan"/> on a thread of its own and returns a client for savepoints and its completion.</summary>
    public static JobClient Start(string jobName, JobPlan plan, ExecutionConfig config, CancellationToken cancellation = default)
    {
        config.Validate();
        var client = new JobClient();
        new Thread(() =>
        {
            try { client.Complete(Execute(jobName, plan, config, cancellation, client)); }
            catch (Exception ex) { client.Fail(ex); }
        })
        { Name = $"job {jobName}", IsBackground = true }.Start();
        return client;
    }

    private static JobExecutionResult Execute(string jobName, JobPlan plan, ExecutionConfig config, CancellationToken cancellation, JobClient? client)
    {
        config.Validate();
        var failures = new List<DateTimeOffset>();
        var attempt = config;
        while (true)
        {
            try
            {
                return ExecuteOnce(jobName, plan, attempt, cancellation, client) with { Restarts = failures.Count };
            }
            catch (JobExecutionException ex)
            {
                failures.Add(config.TimeProvider.GetUtcNow());
                if (!config.RestartStrategy.ShouldRestart(failures, out var delay)) throw;
                Console.Error.WriteLine($"Job '{jobName}' failed ({ex.InnerException?.Message}); restarting in {delay.TotalMilliseconds:0} ms (restart {failures.Count}).");
                if (delay > TimeSpan.Zero) Task.Delay(delay, config.TimeProvider, cancellation).GetAwaiter().GetResult();
                attempt = config with { RestoreFrom = config.Checkpointing is null ? config.RestoreFrom : "latest" };
            }
        }
    }

    private static JobExecutionResult ExecuteOnce(string jobName, JobPlan plan, ExecutionConfig config, CancellationToken cancellation, JobClient? client)
    {
        var stopwatch = Stopwatch.StartNew();
        using var jobCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var token = jobCancellation.Token;

        // With checkpoints, every task ends with a final checkpoint covering all its output (sinks commit on it).
        bool finalCheckpoint = config.Checkpointing is not null;
        var deployment = SubtaskDeployment.Create(plan, config, include: null, token, finalCheckpoint);
        var channels = deployment.Channels;
        var tasks = deployment.Tasks.ToList();
        var sources = deployment.Sources.ToList();

        var storage = config.Checkpointing is { } checkpointing ? new FileCheckpointStorage(checkpointing.Directory, checkpointing.Retained) : null;
        storage?.DeleteOrphanedSharedFiles();
        var restore = LoadRestore(config, storage, plan);
        using var coordinator = storage is null && client is null ? null
            : new CheckpointCoordinator(jobName, config.Checkpointing, storage, tasks, sources, config.TimeProvider,
                firstId: Math.Max(restore?.Checkpoint.CheckpointId ?? 0, storage?.CompletedIds().LastOrDefault() ?? 0) + 1);
        if (coordinator is not null) client?.Attach(coordinator, jobCancellation);
        if (coordinator is not null || restore is not null)
        {
            foreach (var task in tasks)
                task.EnableCheckpoints(coordinator is null ? static (_, _, _) => { } : coordinator.Acknowledge, restore is null ? null : restore.For,
                    coordinator is null ? null : coordinator.IsSavepoint, config.Checkpointing?.Mode ?? CheckpointingMode.ExactlyOnce,
                    finalCheckpoint ? coordinator!.ReportFinished : null);
        }

        Exception? failure = null;
        string? failedTask = null;
        var threads = tasks.Select(task => new Thread(() =>
        {
            try { task.Run(); }
            catch (OperationCanceledException) when (token.IsCancellationRequested) { }
            catch (Exception ex)
            {
                if (Interlocked.CompareExchange(ref failure, ex, null) is null) failedTask = task.Name;
                try { jobCancellation.Cancel(); } catch (ObjectDisposedException) { }
            }
        })
        { Name = task.Name, IsBackground = true }).ToList();
        foreach (var t in threads) t.Start();
        coordinator?.Start();
        foreach (var t in threads) t.Join();

        client?.Detach();
        if (failure is not null)
            throw new JobExecutionException($"Job '{jobName}' failed in task {failedTask}: {failure.Message}", failure);
        cancellation.ThrowIfCancellationRequested();
        bool stopped = client?.StopRequested == true;

        long deadLetters = tasks.SelectMany(t => t.Operators).Sum(op => op is ISourceOperator m ? m.DeadLetterCount : 0);
        var stats = channels.SelectMany(kv => ChannelStats(kv.Key, kv.Value)).ToList();
        return new JobExecutionResult(jobName, stopwatch.Elapsed, deadLetters, stats)
        {
            CompletedCheckpoints = coordinator?.Completed ?? 0,
            Checkpoints = coordinator?.History ?? [],
            RestoredCheckpoint = restore?.Checkpoint.CheckpointId,
            Stopped = stopped,
        };
    }

    internal static CheckpointRestore? LoadRestore(ExecutionConfig config, FileCheckpointStorage? storage, JobPlan plan)
    {
        if (config.RestoreFrom is not { } from) return null;
        CompletedCheckpoint? checkpoint;
        if (from == "latest")
        {
            checkpoint = storage!.LoadLatest(out var skipped);
            foreach (var message in skipped) Console.Error.WriteLine("warning: " + message);
            if (checkpoint is null) return null; // nothing to restore: start from the beginning
        }
        else
        {
            checkpoint = FileCheckpointStorage.Load(from);
            checkpoint.VerifyAll();
        }
        return CheckpointRestore.Load(checkpoint, plan, config.AllowNonRestoredState);
    }

    private static IEnumerable<ChannelStatistics> ChannelStats(StreamEdge edge, object channels) =>
        ((System.Collections.IEnumerable)channels).Cast<System.Collections.IEnumerable>().SelectMany(row => row.Cast<IChannelMetrics>())
            .Select(c => new ChannelStatistics($"{edge.Source.Name} -> {edge.Target.Name}", c.Capacity, c.MaxQueued, c.BatchesAllocated));
}
