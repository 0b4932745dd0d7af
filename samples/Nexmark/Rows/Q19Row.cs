using System.Text.Json;
using Compiled.Connectors.Nexmark;
using Compiled;

namespace Nexmark.Rows;

/// <summary>
/// A change of q19's result table <c>nexmark_q19(auction, bidder, price, channel, url, dateTime, extra, rank_number)</c>,
/// an updating table: <c>op</c> comes first, then the bid's columns and its rank.
/// </summary>
/// <param name="Op">Column <c>op</c>: the kind of change.</param>
/// <param name="Bid">The bid (columns auction … extra).</param>
/// <param name="RankNumber">Column <c>rank_number</c>: 1 for the highest price of the auction.</param>
[StreamRecord]
public readonly partial record struct Q19Row(RowKind Op, Bid Bid, long RankNumber) : INexmarkRow
{
    private static readonly JsonEncodedText RankNumberName = JsonEncodedText.Encode("rank_number");

    /// <inheritdoc />
    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        RowKindJson.Write(writer, Op);
        BidColumns.Plain.Write(writer, Bid);
        writer.WriteNumber(RankNumberName, RankNumber);
        writer.WriteEndObject();
    }
}
