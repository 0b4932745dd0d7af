using System.Text;

namespace Compiled.Plan;

/// <summary>A chain of nodes fused into one task: records between them are plain calls.</summary>
public sealed class JobVertex(int id)
{
    /// <summary>Index of the vertex in the plan.</summary>
    public int Id { get; } = id;

    /// <summary>Nodes of the chain in topological order; the first is the head.</summary>
    public List<StreamNode> Nodes { get; } = [];

    /// <summary>The chain's head node.</summary>
    public StreamNode Head => Nodes[0];

    /// <summary>Parallelism of every node of the chain.</summary>
    public int Parallelism => Head.Parallelism;

    /// <summary>Name, from the chained operators.</summary>
    public string Name => string.Join(" -> ", Nodes.Select(n => n.Name));
}

/// <summary>The physical plan: the stream graph cut into chains (vertices) connected by exchanges.</summary>
public sealed class JobPlan
{
    private readonly Dictionary<StreamNode, JobVertex> _vertexOf = [];

    private JobPlan(IReadOnlyList<StreamNode> nodes, bool chaining)
    {
        foreach (var node in nodes)
        {
            if (node.RequiredParallelism is { } required) node.Parallelism = required;
            if (node.Parallelism < 1) throw new InvalidOperationException($"Operator '{node.Name}' has parallelism {node.Parallelism}; it must be at least 1.");
        }
        foreach (var node in nodes)
        {
            if (!node.IsSource && node.Inputs.Count == 0)
                throw new InvalidOperationException($"Operator '{node.Name}' has no input.");
            foreach (var edge in node.Inputs) edge.Resolve();
        }
        foreach (var node in nodes)
        {
            var edge = node.Inputs.Count == 1 ? node.Inputs[0] : null;
            if (chaining && edge is not null && IsChainable(edge))
            {
                var vertex = _vertexOf[edge.Source];
                vertex.Nodes.Add(node);
                _vertexOf[node] = vertex;
            }
            else
            {
                var vertex = new JobVertex(Vertices.Count);
                vertex.Nodes.Add(node);
                Vertices.Add(vertex);
                _vertexOf[node] = vertex;
            }
        }
        Nodes = nodes;
    }

    /// <summary>All nodes, in topological order.</summary>
    public IReadOnlyList<StreamNode> Nodes { get; }

    /// <summary>Chains, in topological order of their heads.</summary>
    public List<JobVertex> Vertices { get; } = [];

    /// <summary>The chain that contains <paramref name="node"/>.</summary>
    public JobVertex VertexOf(StreamNode node) => _vertexOf[node];

    /// <summary>Whether <paramref name="edge"/> is inside a chain (a plain call, no exchange).</summary>
    public bool IsChained(StreamEdge edge) => _vertexOf[edge.Source] == _vertexOf[edge.Target];

    private static bool IsChainable(StreamEdge edge) =>
        edge.IsForward && edge.Source.Parallelism == edge.Target.Parallelism &&
        edge.Source.ChainingAllowed && edge.Target.ChainingAllowed && !edge.Target.IsSource;

    /// <summary>Cuts the graph into chains.</summary>
    public static JobPlan Build(IReadOnlyList<StreamNode> nodes, bool chaining = true) => new(nodes, chaining);

    /// <summary>A readable description of the plan (like Flink's plan view).</summary>
    public string Describe()
    {
        var sb = new StringBuilder();
        foreach (var v in Vertices)
        {
            sb.Append($"[{v.Id}] {v.Name} (parallelism {v.Parallelism})");
            var inputs = v.Head.Inputs.Select(e => $"{_vertexOf[e.Source].Id}:{e.PartitionerName}{(e.SideTag is null ? "" : $"[{e.SideTag.Id}]")}");
            if (v.Head.Inputs.Count > 0) sb.Append(" <- ").Append(string.Join(", ", inputs));
            sb.AppendLine();
        }
        return sb.ToString();
    }
}
