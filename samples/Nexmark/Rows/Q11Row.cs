using System.Text.Json;
using Compiled;

namespace Nexmark.Rows;

/// <summary>A row of q11's sink table <c>nexmark_q11(bidder, bid_count, starttime, endtime)</c>.</summary>
/// <param name="Bidder">Column <c>bidder</c>.</param>
/// <param name="BidCount">Column <c>bid_count</c>: bids in the session.</param>
/// <param name="StartTime">Column <c>starttime</c>: the session's first bid, epoch milliseconds (UTC).</param>
/// <param name="EndTime">Column <c>endtime</c>: the session's last bid plus the gap, epoch milliseconds (UTC).</param>
[StreamRecord]
public readonly partial record struct Q11Row(long Bidder, long BidCount, long StartTime, long EndTime) : INexmarkRow
{
    private static readonly JsonEncodedText BidderName = JsonEncodedText.Encode("bidder");
    private static readonly JsonEncodedText BidCountName = JsonEncodedText.Encode("bid_count");
    private static readonly JsonEncodedText StartTimeName = JsonEncodedText.Encode("starttime");
    private static readonly JsonEncodedText EndTimeName = JsonEncodedText.Encode("endtime");

    /// <inheritdoc />
    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteNumber(BidderName, Bidder);
        writer.WriteNumber(BidCountName, BidCount);
        JsonTimestamp.Write(writer, StartTimeName, StartTime);
        JsonTimestamp.Write(writer, EndTimeName, EndTime);
        writer.WriteEndObject();
    }
}
