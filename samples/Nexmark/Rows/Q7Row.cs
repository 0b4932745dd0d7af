using System.Text.Json;

namespace Nexmark.Rows;

/// <summary>A row of q7's sink table <c>nexmark_q7(auction, bidder, price, dateTime, extra)</c>.</summary>
/// <param name="Auction">Column <c>auction</c>.</param>
/// <param name="Bidder">Column <c>bidder</c>; q7 inserts the bid's price here (positional INSERT).</param>
/// <param name="Price">Column <c>price</c>; q7 inserts the bid's bidder here (positional INSERT).</param>
/// <param name="DateTime">Column <c>dateTime</c>, epoch milliseconds (UTC).</param>
/// <param name="Extra">Column <c>extra</c>.</param>
public readonly record struct Q7Row(long Auction, long Bidder, long Price, long DateTime, string Extra) : INexmarkRow
{
    private static readonly JsonEncodedText AuctionName = JsonEncodedText.Encode("auction");
    private static readonly JsonEncodedText BidderName = JsonEncodedText.Encode("bidder");
    private static readonly JsonEncodedText PriceName = JsonEncodedText.Encode("price");
    private static readonly JsonEncodedText DateTimeName = JsonEncodedText.Encode("dateTime");
    private static readonly JsonEncodedText ExtraName = JsonEncodedText.Encode("extra");

    /// <inheritdoc />
    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteNumber(AuctionName, Auction);
        writer.WriteNumber(BidderName, Bidder);
        writer.WriteNumber(PriceName, Price);
        JsonTimestamp.Write(writer, DateTimeName, DateTime);
        writer.WriteString(ExtraName, Extra);
        writer.WriteEndObject();
    }
}
