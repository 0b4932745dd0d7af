using System.Text.Json;
using Compiled.Connectors.Nexmark;
using Compiled;

namespace Nexmark.Rows;

/// <summary>
/// A change of q18's result table <c>nexmark_q18(auction, bidder, price, channel, url, dateTime, extra)</c>, an
/// updating table: <c>op</c> comes first, then the bid's columns.
/// </summary>
/// <param name="Op">Column <c>op</c>: the kind of change.</param>
/// <param name="Bid">The bid (all other columns).</param>
[StreamRecord]
public readonly partial record struct Q18Row(RowKind Op, Bid Bid) : INexmarkRow
{
    /// <inheritdoc />
    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        RowKindJson.Write(writer, Op);
        BidColumns.Plain.Write(writer, Bid);
        writer.WriteEndObject();
    }
}
