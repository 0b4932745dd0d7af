using System.Text.Json;
using Compiled;

namespace Nexmark.Rows;

/// <summary>A row of q22's sink table <c>nexmark_q22(auction, bidder, price, channel, dir1, dir2, dir3)</c>.</summary>
/// <param name="Auction">Column <c>auction</c>.</param>
/// <param name="Bidder">Column <c>bidder</c>.</param>
/// <param name="Price">Column <c>price</c>.</param>
/// <param name="Channel">Column <c>channel</c>.</param>
/// <param name="Dir1">Column <c>dir1</c>: <c>SPLIT_INDEX(url, '/', 3)</c>, or null.</param>
/// <param name="Dir2">Column <c>dir2</c>: <c>SPLIT_INDEX(url, '/', 4)</c>, or null.</param>
/// <param name="Dir3">Column <c>dir3</c>: <c>SPLIT_INDEX(url, '/', 5)</c>, or null.</param>
[StreamRecord]
public readonly partial record struct Q22Row(long Auction, long Bidder, long Price, string Channel, string? Dir1, string? Dir2, string? Dir3) : INexmarkRow
{
    private static readonly JsonEncodedText AuctionName = JsonEncodedText.Encode("auction");
    private static readonly JsonEncodedText BidderName = JsonEncodedText.Encode("bidder");
    private static readonly JsonEncodedText PriceName = JsonEncodedText.Encode("price");
    private static readonly JsonEncodedText ChannelName = JsonEncodedText.Encode("channel");
    private static readonly JsonEncodedText Dir1Name = JsonEncodedText.Encode("dir1");
    private static readonly JsonEncodedText Dir2Name = JsonEncodedText.Encode("dir2");
    private static readonly JsonEncodedText Dir3Name = JsonEncodedText.Encode("dir3");

    /// <inheritdoc />
    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteNumber(AuctionName, Auction);
        writer.WriteNumber(BidderName, Bidder);
        writer.WriteNumber(PriceName, Price);
        writer.WriteString(ChannelName, Channel);
        writer.WriteString(Dir1Name, Dir1);
        writer.WriteString(Dir2Name, Dir2);
        writer.WriteString(Dir3Name, Dir3);
        writer.WriteEndObject();
    }
}
