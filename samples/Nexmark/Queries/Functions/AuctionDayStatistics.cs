using Compiled;
using Compiled.Connectors.Nexmark;
using Compiled.Functions;
using Compiled.Process;
using Compiled.State;
using Nexmark.Rows;

namespace Nexmark.Queries.Functions;

/// <summary>q17's aggregates of one auction on one day.</summary>
/// <param name="Bids">Bids, in total and per price rank.</param>
/// <param name="MinPrice">Lowest price.</param>
/// <param name="MaxPrice">Highest price.</param>
/// <param name="SumPrice">Sum of the prices.</param>
[StreamRecord]
public readonly partial record struct PriceStatistics(RankedCounts Bids, long MinPrice, long MaxPrice, long SumPrice);

/// <summary>
/// q17's unbounded group aggregate per auction and day: bid counts (total and per price rank) and min, max, avg and
/// sum of the price. The first bid of a group inserts its row (<c>+I</c>); each further bid retracts the previous row
/// (<c>-U</c>) and adds the new one (<c>+U</c>).
/// </summary>
public sealed partial class AuctionDayStatistics : KeyedProcessFunction<AuctionDay, Bid, Q17Row>
{
    [State] ValueState<PriceStatistics> _statistics = null!;

    /// <inheritdoc />
    public override void ProcessElement(in Bid bid, KeyedContext<AuctionDay> context, ICollector<Q17Row> output)
    {
        var key = context.CurrentKey;
        if (!_statistics.HasValue)
        {
            var first = new PriceStatistics(default(RankedCounts).Add(RankedCounts.RankOf(bid.Price)), bid.Price, bid.Price, bid.Price);
            _statistics.Update(first);
            output.Collect(ToRow(RowKind.Insert, key, first));
            return;
        }

        var previous = _statistics.Value;
        var current = new PriceStatistics(
            previous.Bids.Add(RankedCounts.RankOf(bid.Price)),
            Math.Min(previous.MinPrice, bid.Price),
            Math.Max(previous.MaxPrice, bid.Price),
            previous.SumPrice + bid.Price);
        _statistics.Update(current);
        output.Collect(ToRow(RowKind.UpdateBefore, key, previous));
        output.Collect(ToRow(RowKind.UpdateAfter, key, current));
    }

    private static Q17Row ToRow(RowKind kind, AuctionDay key, in PriceStatistics s) =>
        new(kind, key.Auction, key.Day, s.Bids, s.MinPrice, s.MaxPrice, s.SumPrice);
}
