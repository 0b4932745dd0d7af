using System.Text.Json;
using Compiled;

namespace Nexmark.Rows;

/// <summary>
/// A change of q16's result table <c>nexmark_q16(channel, day, minute, total_bids, …, rank3_auctions)</c>, an
/// updating table: <c>op</c> comes first, then the table's columns.
/// </summary>
/// <param name="Op">Column <c>op</c>: the kind of change.</param>
/// <param name="Channel">Column <c>channel</c>.</param>
/// <param name="Day">Column <c>day</c>: midnight (UTC) of the day, written as <c>yyyy-MM-dd</c>.</param>
/// <param name="LastBid">Column <c>minute</c>: the latest bid of the group, written as <c>HH:mm</c>.</param>
/// <param name="Bids">Columns <c>total_bids</c> … <c>rank3_bids</c>.</param>
/// <param name="Bidders">Columns <c>total_bidders</c> … <c>rank3_bidders</c>: distinct bidders.</param>
/// <param name="Auctions">Columns <c>total_auctions</c> … <c>rank3_auctions</c>: distinct auctions.</param>
[StreamRecord]
public readonly partial record struct Q16Row(RowKind Op, string Channel, long Day, long LastBid, RankedCounts Bids, RankedCounts Bidders, RankedCounts Auctions)
    : INexmarkRow
{
    private static readonly JsonEncodedText ChannelName = JsonEncodedText.Encode("channel");
    private static readonly JsonEncodedText DayName = JsonEncodedText.Encode("day");
    private static readonly JsonEncodedText MinuteName = JsonEncodedText.Encode("minute");

    /// <inheritdoc />
    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        RowKindJson.Write(writer, Op);
        writer.WriteString(ChannelName, Channel);
        JsonTimestamp.WriteDate(writer, DayName, Day);
        JsonTimestamp.WriteHourMinute(writer, MinuteName, LastBid);
        Bids.WriteJson(writer, RankedCounts.ColumnNames.Bids);
        Bidders.WriteJson(writer, RankedCounts.ColumnNames.Bidders);
        Auctions.WriteJson(writer, RankedCounts.ColumnNames.Auctions);
        writer.WriteEndObject();
    }
}
