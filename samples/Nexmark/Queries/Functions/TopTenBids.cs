using Compiled;
using Compiled.Connectors.Nexmark;
using Compiled.Functions;
using Compiled.Process;
using Compiled.State;
using Nexmark.Rows;

namespace Nexmark.Queries.Functions;

/// <summary>
/// q19's top-N, keyed by auction: the 10 bids with the highest prices and their rank (<c>ROW_NUMBER() OVER
/// (PARTITION BY auction ORDER BY price DESC) &lt;= 10</c>). The result table is updated per rank, as Flink's
/// append-only rank operator does: a bid entering at rank r replaces the row at each rank from r down (<c>-U</c> of
/// the old row, <c>+U</c> of the new one with the same rank) and inserts (<c>+I</c>) the ranks not filled before.
/// Equal prices rank the earlier bid first, then by <see cref="BidOrder.CompareColumns"/>, so the ranks do not
/// depend on arrival order.
/// </summary>
public sealed partial class TopTenBids : KeyedProcessFunction<long, Bid, Q19Row>
{
    /// <summary>Number of ranks kept per auction.</summary>
    public const int Size = 10;

    /// <summary>The auction's best bids, best first; at most <see cref="Size"/>.</summary>
    [State] ListState<Bid> _top = null!;

    /// <inheritdoc />
    public override void ProcessElement(in Bid bid, KeyedContext<long> context, ICollector<Q19Row> output)
    {
        var top = _top.Get();
        int position = 0;
        while (position < top.Count && Compare(top[position], bid) <= 0) position++;
        if (position >= Size) return;

        var updated = new List<Bid>(Math.Min(top.Count + 1, Size));
        for (int i = 0; i < position; i++) updated.Add(top[i]);
        updated.Add(bid);
        for (int i = position; i < top.Count && updated.Count < Size; i++) updated.Add(top[i]);

        for (int rank = position; rank < updated.Count; rank++)
        {
            if (rank < top.Count)
            {
                output.Collect(new Q19Row(RowKind.UpdateBefore, top[rank], rank + 1));
                output.Collect(new Q19Row(RowKind.UpdateAfter, updated[rank], rank + 1));
            }
            else
            {
                output.Collect(new Q19Row(RowKind.Insert, updated[rank], rank + 1));
            }
        }

        _top.Update(updated);
    }

    /// <summary>Negative when <paramref name="a"/> ranks before <paramref name="b"/>: higher price, then earlier, then by all columns.</summary>
    private static int Compare(in Bid a, in Bid b)
    {
        int c = b.Price.CompareTo(a.Price);
        if (c == 0) c = a.DateTime.CompareTo(b.DateTime);
        return c != 0 ? c : BidOrder.CompareColumns(a, b);
    }
}
