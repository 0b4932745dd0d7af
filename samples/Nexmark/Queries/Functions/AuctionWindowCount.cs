using Compiled;
using Compiled.Functions;
using Compiled.Windowing;

namespace Nexmark.Queries.Functions;

/// <summary>The number of bids of one auction in one window.</summary>
/// <param name="Auction">Auction id.</param>
/// <param name="Num">Bids on it in the window.</param>
/// <param name="WindowEnd">End (exclusive) of the window, epoch milliseconds.</param>
[StreamRecord]
public readonly partial record struct AuctionCount(long Auction, long Num, long WindowEnd);

/// <summary>Attaches the auction and the window to a window's bid count (q5's <c>AuctionBids</c>).</summary>
public sealed class AuctionWindowCount : ProcessWindowFunction<long, AuctionCount, long, TimeWindow>
{
    /// <inheritdoc />
    public override void Process(long key, WindowContext<TimeWindow> context, IReadOnlyList<long> elements, ICollector<AuctionCount> output) =>
        output.Collect(new AuctionCount(key, elements[0], context.Window.End));
}
