using Nexmark.Rows;

namespace Nexmark.Queries.Functions;

/// <summary>q15's aggregate, keyed by day (midnight UTC, epoch milliseconds).</summary>
public sealed class DailyBidStatistics : DistinctBidStatistics<long, Q15Row>
{
    /// <inheritdoc />
    protected override Q15Row ToRow(RowKind kind, long key, in BidStatistics statistics) =>
        new(kind, key, statistics.Bids, statistics.Bidders, statistics.Auctions);
}

/// <summary>q16's aggregate, keyed by channel and day.</summary>
public sealed class ChannelBidStatistics : DistinctBidStatistics<ChannelDay, Q16Row>
{
    /// <inheritdoc />
    protected override Q16Row ToRow(RowKind kind, ChannelDay key, in BidStatistics statistics) =>
        new(kind, key.Channel, key.Day, statistics.MaxDateTime, statistics.Bids, statistics.Bidders, statistics.Auctions);
}
