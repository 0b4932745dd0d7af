using System.Text.Json;
using Compiled;

namespace Nexmark.Rows;

/// <summary>A row of q5's sink table <c>nexmark_q5(auction, num)</c>.</summary>
/// <param name="Auction">Column <c>auction</c>: one of the window's hottest auctions.</param>
/// <param name="Num">Column <c>num</c>: its number of bids in the window.</param>
[StreamRecord]
public readonly partial record struct Q5Row(long Auction, long Num) : INexmarkRow
{
    private static readonly JsonEncodedText AuctionName = JsonEncodedText.Encode("auction");
    private static readonly JsonEncodedText NumName = JsonEncodedText.Encode("num");

    /// <inheritdoc />
    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteNumber(AuctionName, Auction);
        writer.WriteNumber(NumName, Num);
        writer.WriteEndObject();
    }
}
