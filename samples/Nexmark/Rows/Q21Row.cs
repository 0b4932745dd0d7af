using System.Text.Json;
using Compiled;

namespace Nexmark.Rows;

/// <summary>A row of q21's sink table <c>nexmark_q21(auction, bidder, price, channel, channel_id)</c>.</summary>
/// <param name="Auction">Column <c>auction</c>.</param>
/// <param name="Bidder">Column <c>bidder</c>.</param>
/// <param name="Price">Column <c>price</c>.</param>
/// <param name="Channel">Column <c>channel</c>.</param>
/// <param name="ChannelId">Column <c>channel_id</c>; null only before q21's filter removes the row.</param>
[StreamRecord]
public readonly partial record struct Q21Row(long Auction, long Bidder, long Price, string Channel, string? ChannelId) : INexmarkRow
{
    private static readonly JsonEncodedText AuctionName = JsonEncodedText.Encode("auction");
    private static readonly JsonEncodedText BidderName = JsonEncodedText.Encode("bidder");
    private static readonly JsonEncodedText PriceName = JsonEncodedText.Encode("price");
    private static readonly JsonEncodedText ChannelName = JsonEncodedText.Encode("channel");
    private static readonly JsonEncodedText ChannelIdName = JsonEncodedText.Encode("channel_id");

    /// <inheritdoc />
    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteNumber(AuctionName, Auction);
        writer.WriteNumber(BidderName, Bidder);
        writer.WriteNumber(PriceName, Price);
        writer.WriteString(ChannelName, Channel);
        writer.WriteString(ChannelIdName, ChannelId);
        writer.WriteEndObject();
    }
}
