using Compiled.Connectors.Nexmark;

namespace Nexmark.Queries.Functions;

/// <summary>
/// A total order of bids over all their columns, to break ties deterministically where the SQL's ORDER BY leaves them
/// open (q18's equal times, q19's equal prices): then the result does not depend on the order in which bids arrive.
/// </summary>
public static class BidOrder
{
    /// <summary>Compares auction, bidder, price, channel, url, dateTime and extra, in that order (strings ordinally).</summary>
    public static int CompareColumns(in Bid a, in Bid b)
    {
        int c = a.Auction.CompareTo(b.Auction);
        if (c == 0) c = a.Bidder.CompareTo(b.Bidder);
        if (c == 0) c = a.Price.CompareTo(b.Price);
        if (c == 0) c = string.CompareOrdinal(a.Channel, b.Channel);
        if (c == 0) c = string.CompareOrdinal(a.Url, b.Url);
        if (c == 0) c = a.DateTime.CompareTo(b.DateTime);
        if (c == 0) c = string.CompareOrdinal(a.Extra, b.Extra);
        return c;
    }
}
