using System.Text.Json;
using Compiled.Connectors.Nexmark;

namespace Nexmark.Rows;

/// <summary>Writes all columns of a bid: auction, bidder, price, channel, url, then its time and extra under this instance's names.</summary>
internal sealed class BidColumns
{
    /// <summary>The <c>bid</c> view's names: <c>dateTime</c>, <c>extra</c> (q18, q19).</summary>
    public static readonly BidColumns Plain = new("dateTime", "extra");

    /// <summary>The names beside an auction's columns: <c>bid_dateTime</c>, <c>bid_extra</c> (q20).</summary>
    public static readonly BidColumns BesideAuction = new("bid_dateTime", "bid_extra");

    private static readonly JsonEncodedText AuctionName = JsonEncodedText.Encode("auction");
    private static readonly JsonEncodedText BidderName = JsonEncodedText.Encode("bidder");
    private static readonly JsonEncodedText PriceName = JsonEncodedText.Encode("price");
    private static readonly JsonEncodedText ChannelName = JsonEncodedText.Encode("channel");
    private static readonly JsonEncodedText UrlName = JsonEncodedText.Encode("url");

    private readonly JsonEncodedText _dateTimeName;
    private readonly JsonEncodedText _extraName;

    private BidColumns(string dateTimeName, string extraName)
    {
        _dateTimeName = JsonEncodedText.Encode(dateTimeName);
        _extraName = JsonEncodedText.Encode(extraName);
    }

    public void Write(Utf8JsonWriter writer, in Bid bid)
    {
        writer.WriteNumber(AuctionName, bid.Auction);
        writer.WriteNumber(BidderName, bid.Bidder);
        writer.WriteNumber(PriceName, bid.Price);
        writer.WriteString(ChannelName, bid.Channel);
        writer.WriteString(UrlName, bid.Url);
        JsonTimestamp.Write(writer, _dateTimeName, bid.DateTime);
        writer.WriteString(_extraName, bid.Extra);
    }
}
