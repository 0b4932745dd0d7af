using System.Text.Json;
using Compiled;

namespace Nexmark.Rows;

/// <summary>A row of q14's sink table <c>nexmark_q14(auction, bidder, price, bidTimeType, dateTime, extra, c_counts)</c>.</summary>
/// <param name="Auction">Column <c>auction</c>.</param>
/// <param name="Bidder">Column <c>bidder</c>.</param>
/// <param name="Price">Column <c>price</c>, DECIMAL(23, 3): the price in euros.</param>
/// <param name="BidTimeType">Column <c>bidTimeType</c>: <c>dayTime</c>, <c>nightTime</c> or <c>otherTime</c>.</param>
/// <param name="DateTime">Column <c>dateTime</c>, epoch milliseconds (UTC).</param>
/// <param name="Extra">Column <c>extra</c>.</param>
/// <param name="CharCount">Column <c>c_counts</c>: occurrences of 'c' in <c>extra</c>.</param>
[StreamRecord]
public readonly partial record struct Q14Row(long Auction, long Bidder, decimal Price, string BidTimeType, long DateTime, string Extra, long CharCount) : INexmarkRow
{
    private static readonly JsonEncodedText AuctionName = JsonEncodedText.Encode("auction");
    private static readonly JsonEncodedText BidderName = JsonEncodedText.Encode("bidder");
    private static readonly JsonEncodedText PriceName = JsonEncodedText.Encode("price");
    private static readonly JsonEncodedText BidTimeTypeName = JsonEncodedText.Encode("bidTimeType");
    private static readonly JsonEncodedText DateTimeName = JsonEncodedText.Encode("dateTime");
    private static readonly JsonEncodedText ExtraName = JsonEncodedText.Encode("extra");
    private static readonly JsonEncodedText CharCountName = JsonEncodedText.Encode("c_counts");

    /// <inheritdoc />
    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteNumber(AuctionName, Auction);
        writer.WriteNumber(BidderName, Bidder);
        writer.WriteNumber(PriceName, Price);
        writer.WriteString(BidTimeTypeName, BidTimeType);
        JsonTimestamp.Write(writer, DateTimeName, DateTime);
        writer.WriteString(ExtraName, Extra);
        writer.WriteNumber(CharCountName, CharCount);
        writer.WriteEndObject();
    }
}
