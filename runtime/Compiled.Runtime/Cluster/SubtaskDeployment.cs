using Compiled.Execution;
using Compiled.Execution.Operators;
using Compiled.Network;
using Compiled.Plan;

namespace Compiled.Cluster;

/// <summary>
/// Turns a plan into tasks connected by in-process channels: every subtask (the embedded local cluster) or those a
/// cluster worker runs (<c>include</c>). Channels are created for every producer/consumer pair of every exchange, so a
/// worker finds the channels whose other end is on another worker in <see cref="Channels"/> and bridges them.
/// </summary>
internal sealed class SubtaskDeployment
{
    private SubtaskDeployment(JobPlan plan) => Exchanges = [.. plan.Nodes.SelectMany(n => n.Inputs).Where(e => !plan.IsChained(e))];

    /// <summary>The exchanges (edges between chains) in a deterministic order: the same index in every process building the plan.</summary>
    public IReadOnlyList<StreamEdge> Exchanges { get; }

    /// <summary>Per exchange, <c>LocalChannel&lt;T&gt;[producer][channel]</c> (one channel per producer for forward exchanges).</summary>
    public Dictionary<StreamEdge, object> Channels { get; } = [];

    /// <summary>The deployed tasks with their vertex and subtask index.</summary>
    public List<(JobVertex Vertex, int Subtask, StreamTask Task)> Placements { get; } = [];

    /// <summary>The deployed tasks.</summary>
    public IEnumerable<StreamTask> Tasks => Placements.Select(p => p.Task);

    /// <summary>The deployed source tasks.</summary>
    public IEnumerable<StreamTask> Sources => Placements.Where(p => p.Vertex.Head.IsSource).Select(p => p.Task);

    /// <summary>Creates the channels and the tasks of the subtasks <paramref name="include"/> selects (all when null).</summary>
    /// <param name="plan">The job.</param>
    /// <param name="config">Its settings.</param>
    /// <param name="include">Which subtasks to deploy; all when null.</param>
    /// <param name="token">Cancels the tasks.</param>
    /// <param name="finalCheckpoint">Whether tasks end with a final checkpoint (two-phase-commit sinks then commit on it).</param>
    public static SubtaskDeployment Create(JobPlan plan, ExecutionConfig config, Func<JobVertex, int, bool>? include, CancellationToken token,
        bool finalCheckpoint = false)
    {
        var deployment = new SubtaskDeployment(plan);
        foreach (var edge in deployment.Exchanges)
            deployment.Channels[edge] = edge.CreateChannels(edge.Source.Parallelism, edge.Target.Parallelism, config.ChannelCapacity, config.BatchSize);
        foreach (var vertex in plan.Vertices)
            for (int s = 0; s < vertex.Parallelism; s++)
                if (include is null || include(vertex, s))
                    deployment.Placements.Add((vertex, s, Deploy(vertex, s, plan, config, deployment.Channels, token, finalCheckpoint)));
        return deployment;
    }

    private static StreamTask Deploy(JobVertex vertex, int subtask, JobPlan plan, ExecutionConfig config, Dictionary<StreamEdge, object> channels, CancellationToken token,
        bool finalCheckpoint)
    {
        var task = new StreamTask(vertex.Name, subtask, vertex.Parallelism, config.TimeProvider, token);
        var operators = new Dictionary<StreamNode, StreamOperator>();
        foreach (var node in vertex.Nodes)
        {
            var op = node.CreateOperator();
            op.Initialize(new OperatorSetup(node.Name, subtask, vertex.Parallelism, config.MaxParallelism, task.ProcessingTime, config.StateBackend)
            {
                Checkpointing = config.Checkpointing is not null,
                FinalCheckpoint = finalCheckpoint,
            });
            operators[node] = op;
            task.AddOperator(op, node.StateUid);
        }
        for (int i = vertex.Nodes.Count - 1; i >= 0; i--)
        {
            var node = vertex.Nodes[i];
            node.WireOutput(operators[node], edge =>
            {
                if (plan.IsChained(edge)) return edge.CreateChainedOutput(operators[edge.Target]);
                var (output, flush, end, barrier) = edge.CreateWriterOutput(channels[edge], subtask, token);
                task.AddWriter(flush, end, barrier);
                return output;
            });
        }

        var head = operators[vertex.Head];
        if (vertex.Head.IsSource)
        {
            task.SetInput(((ISourceOperator)head).CreateInputProcessor(), isSource: true);
            return task;
        }
        var readers = new List<IInputReader>();
        foreach (var group in vertex.Head.Inputs.GroupBy(e => e.TargetInput))
        {
            var edges = group.ToList();
            var valve = new WatermarkValve(edges.Sum(e => e.ChannelsPerConsumer));
            int index = 0;
            foreach (var edge in edges)
            {
                foreach (var (reader, listen) in edge.CreateReaders(channels[edge], subtask, head, valve, index))
                {
                    listen(task);
                    readers.Add(reader);
                }
                index += edge.ChannelsPerConsumer;
            }
        }
        task.SetInput(new NetworkInputProcessor([.. readers]), isSource: false);
        return task;
    }
}
