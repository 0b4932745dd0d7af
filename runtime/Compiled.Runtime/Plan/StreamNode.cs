using Compiled.Execution;

namespace Compiled.Plan;

/// <summary>A logical operator of the job graph, run as <see cref="Parallelism"/> parallel instances.</summary>
public abstract class StreamNode
{
    private protected StreamNode(int id, string name, int parallelism)
    {
        Id = id;
        Name = name;
        Parallelism = parallelism;
    }

    /// <summary>Position in creation order; inputs always have smaller ids (topological order).</summary>
    public int Id { get; }

    /// <summary>Display name.</summary>
    public string Name { get; set; }

    /// <summary>Stable identifier used to match state in checkpoints and savepoints; defaults to a name derived from the graph.</summary>
    public string? Uid { get; set; }

    /// <summary>The identifier state is stored under: <see cref="Uid"/>, or the name and position in the graph.</summary>
    public string StateUid => Uid ?? $"{Name}#{Id}";

    /// <summary>Number of parallel instances.</summary>
    public int Parallelism { get; set; }

    /// <summary>Whether the operator may be fused with its neighbours.</summary>
    public bool ChainingAllowed { get; set; } = true;

    /// <summary>Whether this is a source.</summary>
    public bool IsSource { get; init; }

    /// <summary>A parallelism the node needs (e.g. a single-file sink), enforced at planning.</summary>
    public int? RequiredParallelism { get; init; }

    /// <summary>Edges into this node.</summary>
    public List<StreamEdge> Inputs { get; } = [];

    /// <summary>Edges out of this node.</summary>
    public List<StreamEdge> Outputs { get; } = [];

    /// <summary>Creates a fresh operator instance for one subtask.</summary>
    public abstract StreamOperator CreateOperator();

    /// <summary>Connects <paramref name="op"/>'s output to the targets of its outgoing edges.</summary>
    internal abstract void WireOutput(StreamOperator op, Func<StreamEdge, object> targetOf);

    /// <inheritdoc />
    public override string ToString() => $"{Name}#{Id}";
}

/// <summary>A node whose operator emits <typeparamref name="TOut"/>.</summary>
public sealed class StreamNode<TOut>(int id, string name, int parallelism, Func<StreamOperator<TOut>> factory) : StreamNode(id, name, parallelism)
{
    /// <inheritdoc />
    public override StreamOperator CreateOperator() => factory();

    internal override void WireOutput(StreamOperator op, Func<StreamEdge, object> targetOf)
    {
        var main = Outputs.Where(e => e.SideTag is null).Select(e => (Output<TOut>)targetOf(e)).ToArray();
        var side = new Dictionary<string, object>(StringComparer.Ordinal);
        var forwarders = new List<(Action<long>, Action<bool>)>();
        foreach (var group in Outputs.Where(e => e.SideTag is not null).GroupBy(e => e.SideTag!.Id))
        {
            var edges = group.ToList();
            var combined = edges[0].Combine(edges.Select(targetOf).ToList());
            side.Add(group.Key, combined);
            forwarders.Add(edges[0].Forwarders(combined));
        }
        ((StreamOperator<TOut>)op).Output = new OperatorOutput<TOut>(main, side, forwarders);
    }
}
