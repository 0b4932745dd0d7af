using Compiled;
using Compiled.Connectors.Nexmark;
using Compiled.Functions;
using Compiled.Process;
using Compiled.State;
using Nexmark.Rows;

namespace Nexmark.Queries.Functions;

/// <summary>The aggregates of q15 and q16 for one group of bids.</summary>
/// <param name="Bids">Bids, in total and per price rank.</param>
/// <param name="Bidders">Distinct bidders, in total and per price rank.</param>
/// <param name="Auctions">Distinct auctions, in total and per price rank.</param>
/// <param name="MaxDateTime">The latest bid time (q16's <c>max(DATE_FORMAT(dateTime, 'HH:mm'))</c> within a day).</param>
[StreamRecord]
public readonly partial record struct BidStatistics(RankedCounts Bids, RankedCounts Bidders, RankedCounts Auctions, long MaxDateTime);

/// <summary>
/// The unbounded group aggregate of q15 and q16: bid counts and distinct bidder and auction counts, each in total and
/// filtered by price rank, per key. An updating result: the first bid of a key inserts its row (<c>+I</c>); every
/// further bid retracts the previous row (<c>-U</c>) and adds the new one (<c>+U</c>), as Flink's group aggregation.
/// </summary>
/// <remarks>
/// The distinct counts keep, per key, a map from bidder (auction) to the set of price ranks it has bid in, as bits:
/// a bid increments the distinct total when its bidder is new and a rank's distinct count when the bidder is new to
/// that rank. The input is append-only, so the sets never shrink.
/// </remarks>
/// <typeparam name="TKey">Group key.</typeparam>
/// <typeparam name="TRow">Result row.</typeparam>
public abstract class DistinctBidStatistics<TKey, TRow> : KeyedProcessFunction<TKey, Bid, TRow> where TKey : notnull
{
    private static readonly ValueStateDescriptor<BidStatistics> StatisticsDescriptor = new("statistics");
    private static readonly MapStateDescriptor<long, int> BidderRanksDescriptor = new("bidder-ranks");
    private static readonly MapStateDescriptor<long, int> AuctionRanksDescriptor = new("auction-ranks");

    private ValueState<BidStatistics>? _statistics;
    private MapState<long, int>? _bidderRanks;
    private MapState<long, int>? _auctionRanks;

    /// <inheritdoc />
    public override void Open()
    {
        _statistics = RuntimeContext.GetState(StatisticsDescriptor);
        _bidderRanks = RuntimeContext.GetMapState(BidderRanksDescriptor);
        _auctionRanks = RuntimeContext.GetMapState(AuctionRanksDescriptor);
    }

    /// <inheritdoc />
    public override void ProcessElement(in Bid bid, KeyedContext<TKey> context, ICollector<TRow> output)
    {
        int rank = RankedCounts.RankOf(bid.Price);
        int bidderRanks = AddRank(_bidderRanks!, bid.Bidder, rank);
        int auctionRanks = AddRank(_auctionRanks!, bid.Auction, rank);
        bool existed = _statistics!.HasValue;
        var previous = _statistics.Value;
        var current = new BidStatistics(
            previous.Bids.Add(rank),
            previous.Bidders.Add(rank, total: bidderRanks == 0, inRank: (bidderRanks & (1 << rank)) == 0),
            previous.Auctions.Add(rank, total: auctionRanks == 0, inRank: (auctionRanks & (1 << rank)) == 0),
            existed ? Math.Max(previous.MaxDateTime, bid.DateTime) : bid.DateTime);
        _statistics.Update(current);

        TKey key = context.CurrentKey;
        if (existed)
        {
            output.Collect(ToRow(RowKind.UpdateBefore, key, previous));
            output.Collect(ToRow(RowKind.UpdateAfter, key, current));
        }
        else
        {
            output.Collect(ToRow(RowKind.Insert, key, current));
        }
    }

    /// <summary>The row of <paramref name="key"/> with <paramref name="statistics"/>.</summary>
    protected abstract TRow ToRow(RowKind kind, TKey key, in BidStatistics statistics);

    /// <summary>Records that <paramref name="id"/> bid in <paramref name="rank"/>; returns its rank bits from before.</summary>
    private static int AddRank(MapState<long, int> ranks, long id, int rank)
    {
        ranks.TryGetValue(id, out int seen);
        int with = seen | (1 << rank);
        if (with != seen) ranks.Put(id, with);
        return seen;
    }
}
