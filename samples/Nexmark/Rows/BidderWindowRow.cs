using System.Text.Json;
using Compiled;

namespace Nexmark.Rows;

/// <summary>
/// A row of the sink tables <c>nexmark_q11</c> and <c>nexmark_q12</c>, both <c>(bidder, bid_count, starttime, endtime)</c>:
/// the bids of a bidder in one window (a session for q11, a processing-time tumble for q12).
/// </summary>
/// <param name="Bidder">Column <c>bidder</c>.</param>
/// <param name="BidCount">Column <c>bid_count</c>: bids in the window.</param>
/// <param name="StartTime">Column <c>starttime</c>: start of the window, epoch milliseconds (UTC).</param>
/// <param name="EndTime">Column <c>endtime</c>: end of the window (exclusive), epoch milliseconds (UTC).</param>
[StreamRecord]
public readonly partial record struct BidderWindowRow(long Bidder, long BidCount, long StartTime, long EndTime) : INexmarkRow
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
