using System.Text.Json;
using Compiled;

namespace Nexmark.Rows;

/// <summary>A row of q1's sink table <c>nexmark_q1(auction, bidder, price, dateTime, extra)</c>.</summary>
/// <param name="Auction">Column <c>auction</c>.</param>
/// <param name="Bidder">Column <c>bidder</c>.</param>
/// <param name="Price">Column <c>price</c>, DECIMAL(23, 3): the price in euros with scale 3.</param>
/// <param name="DateTime">Column <c>dateTime</c>, epoch milliseconds (UTC).</param>
/// <param name="Extra">Column <c>extra</c>.</param>
[StreamRecord]
public readonly partial record struct Q1Row(long Auction, long Bidder, decimal Price, long DateTime, string Extra) : INexmarkRow
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
