using Compiled.Execution;
using Compiled.Functions;
using Compiled.Network;

namespace Compiled.Plan;

/// <summary>A connection between two nodes, carrying records of one type with a partitioning.</summary>
public abstract class StreamEdge
{
    private protected StreamEdge(StreamNode source, StreamNode target, int targetInput, OutputTag? sideTag)
    {
        Source = source;
        Target = target;
        TargetInput = targetInput;
        SideTag = sideTag;
    }

    /// <summary>Producing node.</summary>
    public StreamNode Source { get; }

    /// <summary>Consuming node.</summary>
    public StreamNode Target { get; }

    /// <summary>Which input of the target (0, or 1 for the second input of a two-input operator).</summary>
    public int TargetInput { get; }

    /// <summary>The side output this edge reads, or null for the main output.</summary>
    public OutputTag? SideTag { get; }

    /// <summary>Whether records keep their subtask (forward): the precondition for chaining.</summary>
    public abstract bool IsForward { get; }

    /// <summary>Name of the partitioning, for plans and errors.</summary>
    public abstract string PartitionerName { get; }

    internal abstract object CreateChainedOutput(StreamOperator consumer);
    internal abstract object CreateChannels(int producers, int consumers, int capacity, int batchSize);
    internal abstract (object Output, Action Flush, Action End, Action<long> Barrier) CreateWriterOutput(object channels, int producer, CancellationToken cancellation);
    internal abstract IEnumerable<(IInputReader Reader, Action<IInputAvailabilityListener> Listen)> CreateReaders(
        object channels, int consumer, StreamOperator consumerOperator, WatermarkValve valve, int firstValveIndex);
    internal abstract int ChannelsPerConsumer { get; }
    internal abstract object Combine(List<object> outputs);
    internal abstract (Action<long>, Action<bool>) Forwarders(object output);

    /// <summary>Resolves the default partitioning once parallelism is final.</summary>
    internal abstract void Resolve();

    /// <summary>Calls <paramref name="visitor"/> with the edge's record type (how typed code is reached without reflection).</summary>
    internal abstract TResult Accept<TResult>(IStreamEdgeVisitor<TResult> visitor);
}

/// <summary>Typed code over edges whose record type is only known at run time.</summary>
internal interface IStreamEdgeVisitor<out TResult>
{
    /// <summary>Handles an edge carrying <typeparamref name="T"/>.</summary>
    TResult Visit<T>(StreamEdge<T> edge);
}

/// <summary>An edge carrying <typeparamref name="T"/>.</summary>
public sealed class StreamEdge<T>(StreamNode source, StreamNode target, int targetInput, OutputTag? sideTag, StreamPartitioner<T>? partitioner)
    : StreamEdge(source, target, targetInput, sideTag)
{
    private StreamPartitioner<T>? _partitioner = partitioner;

    private StreamPartitioner<T> Partitioner => _partitioner ?? throw new InvalidOperationException("Edge is not resolved.");

    /// <inheritdoc />
    public override bool IsForward => Partitioner is ForwardPartitioner<T>;

    /// <inheritdoc />
    public override string PartitionerName => Partitioner.ToString() ?? "?";

    internal override void Resolve()
    {
        if (_partitioner is null)
        {
            _partitioner = Source.Parallelism == Target.Parallelism ? new ForwardPartitioner<T>() : new RebalancePartitioner<T>();
        }
        else if (_partitioner is ForwardPartitioner<T> && Source.Parallelism != Target.Parallelism)
        {
            throw new InvalidOperationException(
                $"Forward partitioning from '{Source.Name}' (parallelism {Source.Parallelism}) to '{Target.Name}' (parallelism {Target.Parallelism}) " +
                "needs equal parallelism: set the same parallelism or use Rebalance().");
        }
    }

    private static IInput<T> InputOf(StreamOperator op, int input) => op switch
    {
        IInput<T> one when input == 0 => one,
        ITwoInputOperator two => (IInput<T>)(input == 0 ? two.FirstInput : two.SecondInput),
        _ => throw new InvalidOperationException($"Operator {op.GetType().Name} has no input {input} of type {typeof(T).Name}."),
    };

    internal override object CreateChainedOutput(StreamOperator consumer) => new ChainedOutput<T>(InputOf(consumer, TargetInput));

    internal override TResult Accept<TResult>(IStreamEdgeVisitor<TResult> visitor) => visitor.Visit(this);

    internal override object CreateChannels(int producers, int consumers, int capacity, int batchSize)
    {
        var channels = new LocalChannel<T>[producers][];
        for (int p = 0; p < producers; p++)
        {
            channels[p] = new LocalChannel<T>[IsForward ? 1 : consumers];
            for (int c = 0; c < channels[p].Length; c++) channels[p][c] = new LocalChannel<T>(capacity, batchSize);
        }
        return channels;
    }

    internal override int ChannelsPerConsumer => IsForward ? 1 : Source.Parallelism;

    internal override (object Output, Action Flush, Action End, Action<long> Barrier) CreateWriterOutput(object channels, int producer, CancellationToken cancellation)
    {
        var own = ((LocalChannel<T>[][])channels)[producer];
        var writer = new RecordWriter<T>(own, Partitioner.Copy(), cancellation);
        return (new WriterOutput<T>(writer), writer.Flush, () => writer.BroadcastControl(ControlKind.EndOfPartition),
            id => writer.BroadcastControl(ControlKind.Barrier, id));
    }

    internal override IEnumerable<(IInputReader, Action<IInputAvailabilityListener>)> CreateReaders(
        object channels, int consumer, StreamOperator consumerOperator, WatermarkValve valve, int firstValveIndex)
    {
        var all = (LocalChannel<T>[][])channels;
        var input = InputOf(consumerOperator, TargetInput);
        if (IsForward)
        {
            var ch = all[consumer][0];
            yield return (new ChannelReader<T>(ch, input, valve, firstValveIndex), l => ch.Listener = l);
            yield break;
        }
        for (int p = 0; p < all.Length; p++)
        {
            var ch = all[p][consumer];
            yield return (new ChannelReader<T>(ch, input, valve, firstValveIndex + p), l => ch.Listener = l);
        }
    }

    internal override object Combine(List<object> outputs) =>
        outputs.Count == 1 ? outputs[0] : new BroadcastingOutput<T>(outputs.Cast<Output<T>>().ToArray());

    internal override (Action<long>, Action<bool>) Forwarders(object output)
    {
        var o = (Output<T>)output;
        return (o.EmitWatermark, o.EmitWatermarkStatus);
    }
}
