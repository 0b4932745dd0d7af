using Compiled;

namespace Nexmark.Queries.Functions;

/// <summary>q16's group: a channel on a day.</summary>
/// <param name="Channel">The bids' channel.</param>
/// <param name="Day">Midnight (UTC) of the day, epoch milliseconds.</param>
[StreamRecord]
public readonly partial record struct ChannelDay(string Channel, long Day);

/// <summary>q17's group: an auction on a day.</summary>
/// <param name="Auction">Auction id.</param>
/// <param name="Day">Midnight (UTC) of the day, epoch milliseconds.</param>
[StreamRecord]
public readonly partial record struct AuctionDay(long Auction, long Day);

/// <summary>q18's partition: a bidder's bids on one auction.</summary>
/// <param name="Bidder">Bidder id.</param>
/// <param name="Auction">Auction id.</param>
[StreamRecord]
public readonly partial record struct BidderAuction(long Bidder, long Auction);
