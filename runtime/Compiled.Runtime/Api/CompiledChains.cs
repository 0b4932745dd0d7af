using System.Collections.Immutable;
using System.ComponentModel;
using Compiled.Execution.Operators;
using Compiled.Functions;

namespace Compiled.Api;

/// <summary>
/// Entry points for code generated from <c>[StreamJob]</c> classes. A fluent sequence such as
/// <c>bids.Filter(f).Map(g)</c> is intercepted call by call: the inner calls return a deferred stream
/// (no operator yet) and the last one adds a single operator running the fused steps. Not for direct use.
/// </summary>
public partial class DataStream<T>
{
    /// <summary>The start of a compiled chain that has not been materialised yet (generated code only).</summary>
    internal DeferredChain? Deferred { get; init; }

    /// <summary>Generated code: continues a compiled chain; no operator is added until <see cref="CompleteChain{TRoot,TOut,TFn}"/>.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public DataStream<TNext> Defer<TNext>(string name)
    {
        var chain = Deferred ?? new DeferredChain(this, ImmutableList<string>.Empty);
        return new DataStream<TNext>(Environment, [], null) { EventTime = EventTime, Deferred = chain with { Names = chain.Names.Add(name) } };
    }

    /// <summary>Generated code: ends a compiled chain with one operator running <typeparamref name="TFn"/> on the chain's input.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public DataStream<TOut> CompleteChain<TRoot, TOut, TFn>(string name) where TFn : struct, IChainFunction<TRoot, TOut>
    {
        var (root, names) = Deferred is { } chain ? ((DataStream<TRoot>)chain.Root, chain.Names) : ((DataStream<TRoot>)(object)this, ImmutableList<string>.Empty);
        return root.Transform(string.Join(" -> ", names.Add(name)), static () => new ChainOperator<TRoot, TOut, TFn>(default));
    }

    /// <summary>Generated code: ends a compiled chain that holds flat-maps with one operator running <typeparamref name="TFn"/>.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public DataStream<TOut> CompleteFlatChain<TRoot, TOut, TFn>(string name) where TFn : struct, IFlatChainFunction<TRoot, TOut>
    {
        var (root, names) = Deferred is { } chain ? ((DataStream<TRoot>)chain.Root, chain.Names) : ((DataStream<TRoot>)(object)this, ImmutableList<string>.Empty);
        return root.Transform(string.Join(" -> ", names.Add(name)), static () => new FlatChainOperator<TRoot, TOut, TFn>(default));
    }

    /// <summary>Partitions by key with a key-selector struct (generated code: no delegate call per record).</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public KeyedStream<T, TKey> KeyBy<TKey, TSelector>(TSelector selector) where TKey : notnull where TSelector : struct, IKeySelector<T, TKey> =>
        KeyBy<TKey, TSelector>(selector, Serialization.KeySerializers.Get<TKey>());

    /// <summary>Partitions by key with a key-selector struct and an explicit key serializer (generated code: no delegate call per record).</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public KeyedStream<T, TKey> KeyBy<TKey, TSelector>(TSelector selector, Serialization.KeySerializer<TKey> keySerializer)
        where TKey : notnull where TSelector : struct, IKeySelector<T, TKey>
    {
        ArgumentNullException.ThrowIfNull(keySerializer);
        return new(this, selector, keySerializer);
    }

    private void ThrowIfDeferred()
    {
        if (Deferred is not null)
            throw new InvalidOperationException(
                "A stream inside a compiled operator chain was used outside its fluent expression. This is a bug in the generated code; " +
                "set ExecutionConfig.Interpreted = true to run the job without it and please report it.");
    }
}

/// <summary>The input and step names of a compiled chain being built.</summary>
internal sealed record DeferredChain(object Root, ImmutableList<string> Names);
