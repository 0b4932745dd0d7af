using System.Text.Json;
using Compiled;

namespace Nexmark.Rows;

/// <summary>
/// A change of q15's result table <c>nexmark_q15(day, total_bids, rank1_bids, …, rank3_auctions)</c>, an updating
/// table: <c>op</c> comes first, then the table's columns.
/// </summary>
/// <param name="Op">Column <c>op</c>: the kind of change.</param>
/// <param name="Day">Column <c>day</c>: midnight (UTC) of the day, written as <c>yyyy-MM-dd</c>.</param>
/// <param name="Bids">Columns <c>total_bids</c> … <c>rank3_bids</c>.</param>
/// <param name="Bidders">Columns <c>total_bidders</c> … <c>rank3_bidders</c>: distinct bidders.</param>
/// <param name="Auctions">Columns <c>total_auctions</c> … <c>rank3_auctions</c>: distinct auctions.</param>
[StreamRecord]
public readonly partial record struct Q15Row(RowKind Op, long Day, RankedCounts Bids, RankedCounts Bidders, RankedCounts Auctions) : INexmarkRow
{
    private static readonly JsonEncodedText DayName = JsonEncodedText.Encode("day");

    /// <inheritdoc />
    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        RowKindJson.Write(writer, Op);
        JsonTimestamp.WriteDate(writer, DayName, Day);
        Bids.WriteJson(writer, RankedCounts.ColumnNames.Bids);
        Bidders.WriteJson(writer, RankedCounts.ColumnNames.Bidders);
        Auctions.WriteJson(writer, RankedCounts.ColumnNames.Auctions);
        writer.WriteEndObject();
    }
}
