using System.Text.Json;
using Compiled;

namespace Nexmark.Rows;

/// <summary>
/// A row of the sink tables <c>nexmark_q0</c> and <c>nexmark_q7</c>, both <c>(auction, bidder, price, dateTime, extra)</c>.
/// q7's INSERT is positional and selects the price before the bidder, so its rows carry the price in
/// <c>bidder</c> and the bidder in <c>price</c>.
/// </summary>
/// <param name="Auction">Column <c>auction</c>.</param>
/// <param name="Bidder">Column <c>bidder</c>.</param>
/// <param name="Price">Column <c>price</c>.</param>
/// <param name="DateTime">Column <c>dateTime</c>, epoch milliseconds (UTC).</param>
/// <param name="Extra">Column <c>extra</c>.</param>
[StreamRecord]
public readonly partial record struct BidRow(long Auction, long Bidder, long Price, long DateTime, string Extra) : INexmarkRow
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
