using Compiled;
using Compiled.Connectors.Nexmark;
using Compiled.Functions;
using Compiled.Process;
using Compiled.State;
using Nexmark.Rows;

namespace Nexmark.Queries.Functions;

/// <summary>
/// q18's deduplication, keyed by bidder and auction: keeps the bid with the latest <c>dateTime</c> (<c>ROW_NUMBER()
/// OVER (PARTITION BY bidder, auction ORDER BY dateTime DESC) = 1</c>). The first bid inserts its row (<c>+I</c>); a
/// later bid retracts the kept one (<c>-U</c>) and adds itself (<c>+U</c>); an earlier bid, arriving out of order,
/// changes nothing. Bids with equal times are ordered by <see cref="BidOrder.CompareColumns"/> (the greater wins),
/// so the result does not depend on arrival order.
/// </summary>
public sealed partial class LastBid : KeyedProcessFunction<BidderAuction, Bid, Q18Row>
{
    [State] ValueState<Bid> _last = null!;

    /// <inheritdoc />
    public override void ProcessElement(in Bid bid, KeyedContext<BidderAuction> context, ICollector<Q18Row> output)
    {
        if (!_last.HasValue)
        {
            _last.Update(bid);
            output.Collect(new Q18Row(RowKind.Insert, bid));
            return;
        }

        var kept = _last.Value;
        if (!IsLater(bid, kept)) return;
        _last.Update(bid);
        output.Collect(new Q18Row(RowKind.UpdateBefore, kept));
        output.Collect(new Q18Row(RowKind.UpdateAfter, bid));
    }

    private static bool IsLater(in Bid candidate, in Bid kept) =>
        candidate.DateTime != kept.DateTime ? candidate.DateTime > kept.DateTime : BidOrder.CompareColumns(candidate, kept) > 0;
}
