using System.Text.Json;
using Compiled.Connectors.Nexmark;
using Compiled;

namespace Nexmark.Rows;

/// <summary>
/// A row of q20's sink table <c>nexmark_q20(auction, bidder, price, channel, url, bid_dateTime, bid_extra, itemName,
/// description, initialBid, reserve, auction_dateTime, expires, seller, category, auction_extra)</c>.
/// </summary>
/// <param name="Bid">The bid (columns auction … bid_extra).</param>
/// <param name="Auction">Its auction (columns itemName … auction_extra).</param>
[StreamRecord]
public readonly partial record struct Q20Row(Bid Bid, Auction Auction) : INexmarkRow
{
    private static readonly JsonEncodedText ItemNameName = JsonEncodedText.Encode("itemName");
    private static readonly JsonEncodedText DescriptionName = JsonEncodedText.Encode("description");
    private static readonly JsonEncodedText InitialBidName = JsonEncodedText.Encode("initialBid");
    private static readonly JsonEncodedText ReserveName = JsonEncodedText.Encode("reserve");
    private static readonly JsonEncodedText AuctionDateTimeName = JsonEncodedText.Encode("auction_dateTime");
    private static readonly JsonEncodedText ExpiresName = JsonEncodedText.Encode("expires");
    private static readonly JsonEncodedText SellerName = JsonEncodedText.Encode("seller");
    private static readonly JsonEncodedText CategoryName = JsonEncodedText.Encode("category");
    private static readonly JsonEncodedText AuctionExtraName = JsonEncodedText.Encode("auction_extra");

    /// <inheritdoc />
    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        BidColumns.BesideAuction.Write(writer, Bid);
        writer.WriteString(ItemNameName, Auction.ItemName);
        writer.WriteString(DescriptionName, Auction.Description);
        writer.WriteNumber(InitialBidName, Auction.InitialBid);
        writer.WriteNumber(ReserveName, Auction.Reserve);
        JsonTimestamp.Write(writer, AuctionDateTimeName, Auction.DateTime);
        JsonTimestamp.Write(writer, ExpiresName, Auction.Expires);
        writer.WriteNumber(SellerName, Auction.Seller);
        writer.WriteNumber(CategoryName, Auction.Category);
        writer.WriteString(AuctionExtraName, Auction.Extra);
        writer.WriteEndObject();
    }
}
