using System.Text.Json;
using Compiled;

namespace Nexmark.Rows;

/// <summary>A row of q13's sink table <c>nexmark_q13(auction, bidder, price, dateTime, value)</c>.</summary>
/// <param name="Auction">Column <c>auction</c>.</param>
/// <param name="Bidder">Column <c>bidder</c>.</param>
/// <param name="Price">Column <c>price</c>.</param>
/// <param name="DateTime">Column <c>dateTime</c>, epoch milliseconds (UTC).</param>
/// <param name="Value">Column <c>value</c>: the side input's value for <c>auction mod 10000</c>.</param>
[StreamRecord]
public readonly partial record struct Q13Row(long Auction, long Bidder, long Price, long DateTime, string Value) : INexmarkRow
{
    private static readonly JsonEncodedText AuctionName = JsonEncodedText.Encode("auction");
    private static readonly JsonEncodedText BidderName = JsonEncodedText.Encode("bidder");
    private static readonly JsonEncodedText PriceName = JsonEncodedText.Encode("price");
    private static readonly JsonEncodedText DateTimeName = JsonEncodedText.Encode("dateTime");
    private static readonly JsonEncodedText ValueName = JsonEncodedText.Encode("value");

    /// <inheritdoc />
    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteNumber(AuctionName, Auction);
        writer.WriteNumber(BidderName, Bidder);
        writer.WriteNumber(PriceName, Price);
        JsonTimestamp.Write(writer, DateTimeName, DateTime);
        writer.WriteString(ValueName, Value);
        writer.WriteEndObject();
    }
}
