using Compiled.Cluster.Hosting;

namespace Nexmark.Cli;

/// <summary>
/// The Nexmark job for the cluster roles: the coordinator and every worker build it from the same <c>run</c> options
/// (<c>--query q5 --input F --output O --parallelism N --checkpoint-dir DIR …</c>), so they agree on the plan.
/// </summary>
public static class ClusterJobs
{
    /// <summary>Builds the job from the run options in <paramref name="jobArguments"/>.</summary>
    /// <exception cref="ArgumentException">The options are wrong; the message says what to change.</exception>
    public static ClusterJob Create(IReadOnlyList<string> jobArguments, ClusterRole role)
    {
        ArgumentNullException.ThrowIfNull(jobArguments);
        CliCommand command;
        try
        {
            command = ArgumentParser.Parse(["run", .. jobArguments]);
        }
        catch (UsageException ex)
        {
            throw new ArgumentException(ex.Message, ex);
        }
        if (command is not RunCommand run) throw new ArgumentException("Give the job's run options, e.g. --query q5 --input events.jsonl --output out.");
        // Each worker keeps its RocksDB databases in a directory of its own; checkpoints copy their files to the shared checkpoint directory.
        string? rocksDb = role == ClusterRole.Worker ? Path.Combine(Path.GetTempPath(), "compiled-rocksdb", $"worker-{Environment.ProcessId}") : null;
        var (env, _, _) = RunJob.Build(run, prepareOutput: role == ClusterRole.Coordinator, rocksDbDirectory: rocksDb);
        return new ClusterJob("nexmark-" + run.Query, env.BuildPlan(), env.Config);
    }
}
