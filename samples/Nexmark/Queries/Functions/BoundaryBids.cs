using Compiled;
using Compiled.Connectors.Nexmark;

namespace Nexmark.Queries.Functions;

/// <summary>The bids that lie exactly on one window's end (q7's second phase).</summary>
/// <param name="Bids">The bids in arrival order; null when there are none.</param>
[StreamRecord]
public readonly partial record struct BoundaryBids(List<Bid>? Bids);
