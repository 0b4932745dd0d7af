using Compiled;
using Compiled.Api;
using Compiled.Connectors.Nexmark;
using Nexmark.Queries.Functions;
using Nexmark.Rows;

namespace Nexmark.Queries;

/// <summary>
/// Nexmark q22, get URL directories: every bid with the first three directories of its url
/// (<c>SPLIT_INDEX(url, '/', 3)</c>, 4 and 5: in <c>https://host/a/b/c/item.htm</c>, "a", "b" and "c").
/// </summary>
[StreamJob]
public static partial class Q22
{
    /// <summary>Bids with their url's directories.</summary>
    public static DataStream<Q22Row> Build(DataStream<Bid> bids) =>
        bids.Map(static b => new Q22Row(b.Auction, b.Bidder, b.Price, b.Channel,
            SplitIndex.Of(b.Url, '/', 3), SplitIndex.Of(b.Url, '/', 4), SplitIndex.Of(b.Url, '/', 5)), "q22: url directories");
}
