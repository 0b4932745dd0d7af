using System.Text.Json;
using Compiled.Connectors.Nexmark;

namespace Nexmark.Rows;

/// <summary>Writes all columns of a bid as Nexmark's <c>bid</c> view names them: auction, bidder, price, channel, url, dateTime, extra.</summary>
internal static class BidColumns
{
    private static readonly JsonEncodedText AuctionName = JsonEncodedText.Encode("auction");
    private static readonly JsonEncodedText BidderName = JsonEncodedText.Encode("bidder");
    private static readonly JsonEncodedText PriceName = JsonEncodedText.Encode("price");
    private static readonly JsonEncodedText ChannelName = JsonEncodedText.Encode("channel");
    private static readonly JsonEncodedText UrlName = JsonEncodedText.Encode("url");
    private static readonly JsonEncodedText DateTimeName = JsonEncodedText.Encode("dateTime");
    private static readonly JsonEncodedText ExtraName = JsonEncodedText.Encode("extra");

    public static void Write(Utf8JsonWriter writer, in Bid bid)
    {
        writer.WriteNumber(AuctionName, bid.Auction);
        writer.WriteNumber(BidderName, bid.Bidder);
        writer.WriteNumber(PriceName, bid.Price);
        writer.WriteString(ChannelName, bid.Channel);
        writer.WriteString(UrlName, bid.Url);
        JsonTimestamp.Write(writer, DateTimeName, bid.DateTime);
        writer.WriteString(ExtraName, bid.Extra);
    }
}
