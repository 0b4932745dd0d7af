using Compiled;
using Compiled.Functions;

namespace Nexmark.Queries.Functions;

/// <summary>
/// What q8 knows about one person id in one window: the distinct names it registered with, and whether it sold. A
/// <c>[StreamRecord]</c>, so window state holding it can be checkpointed.
/// </summary>
[StreamRecord]
public sealed partial class NewSellerWindow
{
    /// <summary>Distinct names of the person records (GROUP BY id, name), in arrival order.</summary>
    public List<string> Names { get; set; } = [];

    /// <summary>Whether an auction of this seller fell in the window (GROUP BY seller).</summary>
    public bool Sold { get; set; }
}

/// <summary>Accumulates a window's <see cref="PersonOrSeller"/> records of one id into a <see cref="NewSellerWindow"/>.</summary>
public sealed class NewSellerAggregate : IAggregateFunction<PersonOrSeller, NewSellerWindow, NewSellerWindow>
{
    /// <inheritdoc />
    public NewSellerWindow CreateAccumulator() => new();

    /// <inheritdoc />
    public NewSellerWindow Add(in PersonOrSeller value, NewSellerWindow accumulator)
    {
        if (value.Name is { } name && !accumulator.Names.Contains(name)) accumulator.Names.Add(name);
        else accumulator.Sold = true;
        return accumulator;
    }

    /// <inheritdoc />
    public NewSellerWindow GetResult(NewSellerWindow accumulator) => accumulator;

    /// <inheritdoc />
    public NewSellerWindow Merge(NewSellerWindow a, NewSellerWindow b)
    {
        foreach (string name in b.Names)
            if (!a.Names.Contains(name)) a.Names.Add(name);
        a.Sold |= b.Sold;
        return a;
    }
}
