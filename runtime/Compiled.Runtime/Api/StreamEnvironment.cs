using Compiled.Cluster;
using Compiled.Connectors;
using Compiled.EventTime;
using Compiled.Execution;
using Compiled.Execution.Operators;
using Compiled.Plan;

namespace Compiled.Api;

/// <summary>
/// Entry point of a job, as Flink's StreamExecutionEnvironment: create sources, build the pipeline
/// with the <see cref="DataStream{T}"/> API, then <see cref="Execute"/> it.
/// </summary>
public sealed class StreamEnvironment
{
    private readonly List<StreamNode> _nodes = [];

    /// <summary>Creates an environment with the given (or default) execution settings.</summary>
    public StreamEnvironment(ExecutionConfig? config = null) => Config = config ?? new ExecutionConfig();

    /// <summary>Execution settings.</summary>
    public ExecutionConfig Config { get; set; }

    /// <summary>Default parallelism of operators that set none.</summary>
    public int Parallelism
    {
        get => Config.Parallelism;
        set => Config = Config with { Parallelism = value };
    }

    /// <summary>The nodes of the job graph, in creation (topological) order.</summary>
    public IReadOnlyList<StreamNode> Nodes => _nodes;

    /// <summary>Reads <paramref name="source"/> with event timestamps and watermarks from <paramref name="watermarks"/>.</summary>
    /// <param name="source">The source.</param>
    /// <param name="watermarks">Timestamps and watermarks.</param>
    /// <param name="name">Name of the source operator.</param>
    /// <param name="malformedRecords">What to do with malformed records.</param>
    /// <param name="maxRecordsPerSecond">
    /// Cap on the records the source emits per second, over all its subtasks (each gets an equal share), as Flink's
    /// rate-limited generator sources: for replaying at a steady rate, demos and latency measurements. Unlimited by default.
    /// </param>
    public DataStream<T> FromSource<T>(ISource<T> source, WatermarkStrategy<T> watermarks, string name = "Source",
        MalformedRecordPolicy malformedRecords = MalformedRecordPolicy.DeadLetter, double maxRecordsPerSecond = double.PositiveInfinity)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(watermarks);
        if (!(maxRecordsPerSecond > 0))
            throw new ArgumentOutOfRangeException(nameof(maxRecordsPerSecond), maxRecordsPerSecond, "The source rate cap must be positive (records per second).");
        StreamNode<T>? node = null;
        node = AddNode(name, () => new SourceOperator<T>(source, watermarks, malformedRecords, maxRecordsPerSecond / node!.Parallelism),
            isSource: true, source.RequiredParallelism);
        return new DataStream<T>(this, [(node, null)], null) { EventTime = watermarks.HasWatermarks };
    }

    /// <summary>A bounded stream of <paramref name="items"/> (non-parallel, in order), as Flink's fromCollection.</summary>
    public DataStream<T> FromCollection<T>(IEnumerable<T> items, WatermarkStrategy<T>? watermarks = null, string name = "Collection") =>
        FromSource(new CollectionSource<T>([.. items]), watermarks ?? WatermarkStrategy.NoWatermarks<T>(), name);

    internal StreamNode<TOut> AddNode<TOut>(string name, Func<StreamOperator<TOut>> factory, bool isSource = false, int? requiredParallelism = null)
    {
        var node = new StreamNode<TOut>(_nodes.Count, name, 0, factory) { IsSource = isSource, RequiredParallelism = requiredParallelism };
        _nodes.Add(node);
        return node;
    }

    /// <summary>Builds the physical plan (chains and exchanges) of everything defined so far.</summary>
    public JobPlan BuildPlan()
    {
        if (_nodes.Count == 0) throw new InvalidOperationException("The job has no operators: add a source and a sink before executing.");
        Config.Validate();
        foreach (var node in _nodes)
        {
            if (node.Parallelism == 0) node.Parallelism = Config.Parallelism;
            if (node.Parallelism > Config.MaxParallelism)
                throw new InvalidOperationException($"Operator '{node.Name}' has parallelism {node.Parallelism}, above MaxParallelism {Config.MaxParallelism}.");
        }
        var sinks = _nodes.Where(n => n.Outputs.Count == 0 && !n.IsSource).ToList();
        if (sinks.Count == 0) throw new InvalidOperationException("The job has no sink: end each pipeline with SinkTo(...), Print() or a collect sink.");
        return JobPlan.Build(_nodes, Config.Chaining);
    }

    /// <summary>Starts the job on the embedded local cluster and returns at once: the client takes savepoints and reports completion.</summary>
    public JobClient ExecuteAsync(string jobName = "job", CancellationToken cancellation = default) =>
        LocalCluster.Start(jobName, BuildPlan(), Config, cancellation);

    /// <summary>Runs the job on the embedded local cluster and blocks until it ends (bounded input) or is cancelled.</summary>
    public JobExecutionResult Execute(string jobName = "job", CancellationToken cancellation = default) =>
        LocalCluster.Execute(jobName, BuildPlan(), Config, cancellation);
}
