using System.Text.Json;
using Compiled;

namespace Nexmark.Rows;

/// <summary>A row of q2's sink table <c>nexmark_q2(auction, price)</c>.</summary>
/// <param name="Auction">Column <c>auction</c>.</param>
/// <param name="Price">Column <c>price</c>.</param>
[StreamRecord]
public readonly partial record struct Q2Row(long Auction, long Price) : INexmarkRow
{
    private static readonly JsonEncodedText AuctionName = JsonEncodedText.Encode("auction");
    private static readonly JsonEncodedText PriceName = JsonEncodedText.Encode("price");

    /// <inheritdoc />
    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteNumber(AuctionName, Auction);
        writer.WriteNumber(PriceName, Price);
        writer.WriteEndObject();
    }
}
