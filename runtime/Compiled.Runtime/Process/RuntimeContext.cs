using Compiled.State;

namespace Compiled.Process;

/// <summary>What a function knows about the parallel instance it runs in, and its keyed state.</summary>
public sealed class RuntimeContext(string operatorName, int subtaskIndex, int parallelism, IKeyedStateStore? keyedState)
{
    /// <summary>Name of the operator.</summary>
    public string OperatorName { get; } = operatorName;

    /// <summary>Index of this parallel instance, 0-based.</summary>
    public int SubtaskIndex { get; } = subtaskIndex;

    /// <summary>Number of parallel instances.</summary>
    public int Parallelism { get; } = parallelism;

    private IKeyedStateStore Keyed => keyedState ?? throw new InvalidOperationException(
        $"Operator '{OperatorName}' uses keyed state, but its input is not keyed: call KeyBy(...) before it.");

    /// <summary>Gets or creates a value state of the current key.</summary>
    public ValueState<T> GetState<T>(ValueStateDescriptor<T> descriptor) => Keyed.GetState(descriptor);

    /// <summary>Gets or creates a list state of the current key.</summary>
    public ListState<T> GetListState<T>(ListStateDescriptor<T> descriptor) => Keyed.GetListState(descriptor);

    /// <summary>Gets or creates a map state of the current key.</summary>
    public MapState<TK, TV> GetMapState<TK, TV>(MapStateDescriptor<TK, TV> descriptor) where TK : notnull => Keyed.GetMapState(descriptor);

    /// <summary>Gets or creates a reducing state of the current key.</summary>
    public ReducingState<T> GetReducingState<T>(ReducingStateDescriptor<T> descriptor) => Keyed.GetReducingState(descriptor);

    /// <summary>Gets or creates an aggregating state of the current key.</summary>
    public AggregatingState<TIn, TOut> GetAggregatingState<TIn, TAcc, TOut>(AggregatingStateDescriptor<TIn, TAcc, TOut> descriptor) =>
        Keyed.GetAggregatingState(descriptor);
}

/// <summary>Base of functions with a life cycle and access to their <see cref="Process.RuntimeContext"/>.</summary>
public abstract class RichFunction
{
    private RuntimeContext? _context;

    /// <summary>The context of the parallel instance; available from <see cref="Open"/> on.</summary>
    public RuntimeContext RuntimeContext
    {
        get => _context ?? throw new InvalidOperationException("The runtime context is available from Open() on, not in the constructor.");
        internal set => _context = value;
    }

    /// <summary>A shallow copy for one parallel instance (no reflection: <see cref="object.MemberwiseClone"/>).</summary>
    internal RichFunction CopyForSubtask()
    {
        var copy = (RichFunction)MemberwiseClone();
        copy._context = null;
        return copy;
    }

    /// <summary>
    /// Binds the fields marked <see cref="StateAttribute"/> to keyed state. Implemented by the build-time
    /// generator for partial classes; runs just before <see cref="Open"/>.
    /// </summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    protected internal virtual void BindState() { }

    /// <summary>Called once before the first record: create state handles here.</summary>
    public virtual void Open() { }

    /// <summary>Called once after the last record.</summary>
    public virtual void Close() { }
}
