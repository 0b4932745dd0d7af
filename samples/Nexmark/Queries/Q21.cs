using Compiled;
using Compiled.Api;
using Compiled.Connectors.Nexmark;
using Nexmark.Queries.Functions;
using Nexmark.Rows;

namespace Nexmark.Queries;

/// <summary>
/// Nexmark q21, add channel id: every bid with a <c>channel_id</c> from a CASE over its channel (Apple 0, Google 1,
/// Facebook 2, Baidu 3) or else the url's <c>channel_id</c> parameter (<see cref="ChannelIds"/>); bids with neither
/// are dropped (<c>WHERE REGEXP_EXTRACT(…) IS NOT NULL OR lower(channel) IN (…)</c>, which is exactly
/// "channel_id is not null").
/// </summary>
[StreamJob]
public static partial class Q21
{
    /// <summary>Bids with their channel id.</summary>
    public static DataStream<Q21Row> Build(DataStream<Bid> bids) =>
        bids.Map(static b => new Q21Row(b.Auction, b.Bidder, b.Price, b.Channel, ChannelIds.Of(b.Channel, b.Url)), "q21: channel id")
            .Filter(static r => r.ChannelId is not null, "q21: has a channel id");
}
