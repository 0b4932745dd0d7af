using System.Text.Json;
using Compiled;

namespace Nexmark.Rows;

/// <summary>
/// A count and its three price-rank filters, as q15–q17 report them: <c>count(…)</c>, then <c>count(…) filter (where
/// price &lt; 10000)</c>, <c>… price &gt;= 10000 and price &lt; 1000000</c> and <c>… price &gt;= 1000000</c>.
/// </summary>
/// <param name="Total">The unfiltered count.</param>
/// <param name="Rank1">The count over prices below 10 000.</param>
/// <param name="Rank2">The count over prices from 10 000 to below 1 000 000.</param>
/// <param name="Rank3">The count over prices from 1 000 000.</param>
[StreamRecord]
public readonly partial record struct RankedCounts(long Total, long Rank1, long Rank2, long Rank3)
{
    /// <summary>Upper bound (exclusive) of rank 1 prices.</summary>
    public const long Rank1Below = 10_000;

    /// <summary>Upper bound (exclusive) of rank 2 prices.</summary>
    public const long Rank2Below = 1_000_000;

    /// <summary>The rank of <paramref name="price"/>: 1, 2 or 3.</summary>
    public static int RankOf(long price) => price < Rank1Below ? 1 : price < Rank2Below ? 2 : 3;

    /// <summary>These counts plus one in <paramref name="total"/> and in the filter of <paramref name="rank"/> when <paramref name="inRank"/>.</summary>
    public RankedCounts Add(int rank, bool total = true, bool inRank = true) => new(
        Total + (total ? 1 : 0),
        Rank1 + (inRank && rank == 1 ? 1 : 0),
        Rank2 + (inRank && rank == 2 ? 1 : 0),
        Rank3 + (inRank && rank == 3 ? 1 : 0));

    /// <summary>Writes the four counts as the columns named <paramref name="names"/> (total, rank1, rank2, rank3).</summary>
    public void WriteJson(Utf8JsonWriter writer, ColumnNames names)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(names);
        writer.WriteNumber(names.Total, Total);
        writer.WriteNumber(names.Rank1, Rank1);
        writer.WriteNumber(names.Rank2, Rank2);
        writer.WriteNumber(names.Rank3, Rank3);
    }

    /// <summary>The column names of a <see cref="RankedCounts"/>: <c>total_X, rank1_X, rank2_X, rank3_X</c>.</summary>
    public sealed class ColumnNames
    {
        /// <summary>Columns <c>total_bids, rank1_bids, …</c>.</summary>
        public static readonly ColumnNames Bids = new("bids");

        /// <summary>Columns <c>total_bidders, rank1_bidders, …</c>.</summary>
        public static readonly ColumnNames Bidders = new("bidders");

        /// <summary>Columns <c>total_auctions, rank1_auctions, …</c>.</summary>
        public static readonly ColumnNames Auctions = new("auctions");

        private ColumnNames(string what)
        {
            Total = JsonEncodedText.Encode("total_" + what);
            Rank1 = JsonEncodedText.Encode("rank1_" + what);
            Rank2 = JsonEncodedText.Encode("rank2_" + what);
            Rank3 = JsonEncodedText.Encode("rank3_" + what);
        }

        /// <summary>Name of the unfiltered count.</summary>
        public JsonEncodedText Total { get; }

        /// <summary>Name of the rank 1 count.</summary>
        public JsonEncodedText Rank1 { get; }

        /// <summary>Name of the rank 2 count.</summary>
        public JsonEncodedText Rank2 { get; }

        /// <summary>Name of the rank 3 count.</summary>
        public JsonEncodedText Rank3 { get; }
    }
}
