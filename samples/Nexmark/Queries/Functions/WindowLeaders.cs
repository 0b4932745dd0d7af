using Compiled;

namespace Nexmark.Queries.Functions;

/// <summary>The auctions with the largest count of one window so far, ties included (q5's second stage).</summary>
/// <param name="Auctions">The leaders, all with the same count; null when the window has none yet.</param>
[StreamRecord]
public readonly partial record struct WindowLeaders(List<AuctionCount>? Auctions);
