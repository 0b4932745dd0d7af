using System.Security.Cryptography;
using System.Text;
using Compiled.Plan;

namespace Compiled.Cluster.Hosting;

/// <summary>
/// A job as every process of the cluster builds it (application mode): the same code and arguments give the same plan
/// in the coordinator and in every worker, so only the arguments travel, never code or types.
/// </summary>
/// <param name="Name">Job name.</param>
/// <param name="Plan">The physical plan.</param>
/// <param name="Config">Execution settings (checkpointing, restart strategy, batch size, …).</param>
public sealed record ClusterJob(string Name, JobPlan Plan, ExecutionConfig Config)
{
    /// <summary>Identifies the plan's shape: workers refuse to run a job whose plan differs from the coordinator's.</summary>
    public string Fingerprint
    {
        get
        {
            var text = new StringBuilder(Plan.Describe());
            foreach (var node in Plan.Nodes) text.Append(node.StateUid).Append('|').Append(node.Parallelism).Append(';');
            text.Append(Config.MaxParallelism).Append('/').Append(Config.BatchSize).Append('/').Append(Config.ChannelCapacity);
            return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
        }
    }

    /// <summary>Number of slots the job needs: slots are shared by one subtask of every vertex, as in Flink.</summary>
    public int RequiredSlots => Plan.Vertices.Max(v => v.Parallelism);
}

/// <summary>Which process builds the job.</summary>
public enum ClusterRole
{
    /// <summary>The coordinator (plans, deploys, checkpoints; runs no subtask).</summary>
    Coordinator,

    /// <summary>A worker (runs subtasks).</summary>
    Worker,
}

/// <summary>Builds the job from its own arguments (for example <c>--query q5 --input F --output O</c>).</summary>
/// <param name="jobArguments">The job's arguments, the same in every process.</param>
/// <param name="role">The process building it: only the coordinator should prepare outputs (e.g. clear a fresh run's files).</param>
/// <exception cref="ArgumentException">The arguments are wrong; the message says what to change.</exception>
public delegate ClusterJob ClusterJobFactory(IReadOnlyList<string> jobArguments, ClusterRole role);
