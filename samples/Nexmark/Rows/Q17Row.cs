using System.Text.Json;
using Compiled;

namespace Nexmark.Rows;

/// <summary>
/// A change of q17's result table <c>nexmark_q17(auction, day, total_bids, rank1_bids, rank2_bids, rank3_bids,
/// min_price, max_price, avg_price, sum_price)</c>, an updating table: <c>op</c> comes first.
/// </summary>
/// <param name="Op">Column <c>op</c>: the kind of change.</param>
/// <param name="Auction">Column <c>auction</c>.</param>
/// <param name="Day">Column <c>day</c>: midnight (UTC) of the day, written as <c>yyyy-MM-dd</c>.</param>
/// <param name="Bids">Columns <c>total_bids</c> … <c>rank3_bids</c>.</param>
/// <param name="MinPrice">Column <c>min_price</c>.</param>
/// <param name="MaxPrice">Column <c>max_price</c>.</param>
/// <param name="SumPrice">Column <c>sum_price</c>.</param>
[StreamRecord]
public readonly partial record struct Q17Row(RowKind Op, long Auction, long Day, RankedCounts Bids, long MinPrice, long MaxPrice, long SumPrice) : INexmarkRow
{
    private static readonly JsonEncodedText AuctionName = JsonEncodedText.Encode("auction");
    private static readonly JsonEncodedText DayName = JsonEncodedText.Encode("day");
    private static readonly JsonEncodedText MinPriceName = JsonEncodedText.Encode("min_price");
    private static readonly JsonEncodedText MaxPriceName = JsonEncodedText.Encode("max_price");
    private static readonly JsonEncodedText AvgPriceName = JsonEncodedText.Encode("avg_price");
    private static readonly JsonEncodedText SumPriceName = JsonEncodedText.Encode("sum_price");

    /// <summary>Column <c>avg_price</c>: SQL's AVG of a BIGINT is a BIGINT, the sum divided by the count, truncated.</summary>
    public long AvgPrice => SumPrice / Bids.Total;

    /// <inheritdoc />
    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        RowKindJson.Write(writer, Op);
        writer.WriteNumber(AuctionName, Auction);
        JsonTimestamp.WriteDate(writer, DayName, Day);
        Bids.WriteJson(writer, RankedCounts.ColumnNames.Bids);
        writer.WriteNumber(MinPriceName, MinPrice);
        writer.WriteNumber(MaxPriceName, MaxPrice);
        writer.WriteNumber(AvgPriceName, AvgPrice);
        writer.WriteNumber(SumPriceName, SumPrice);
        writer.WriteEndObject();
    }
}
