using Compiled;
using Compiled.Api;
using Compiled.Connectors.Nexmark;
using Nexmark.Queries.Functions;
using Nexmark.Rows;

namespace Nexmark.Queries;

/// <summary>
/// Nexmark q10, log to a file system: every bid's <c>(auction, bidder, price, dateTime, extra)</c> into a table
/// partitioned by <c>dt = DATE_FORMAT(dateTime, 'yyyy-MM-dd')</c> and <c>hm = DATE_FORMAT(dateTime, 'HH:mm')</c>.
/// </summary>
/// <remarks>
/// As in Flink's filesystem sink, the partition columns are not written into the files: they are the directory
/// <c>dt=…/hm=…</c> that holds the rows (see <see cref="PartitionOf"/> and <see cref="PartitionDirectory"/>).
/// </remarks>
[StreamJob]
public static partial class Q10
{
    /// <summary>Every bid as a row of the partitioned table.</summary>
    public static DataStream<BidRow> Build(DataStream<Bid> bids) =>
        bids.Map(static b => new BidRow(b.Auction, b.Bidder, b.Price, b.DateTime, b.Extra), "q10: project");

    /// <summary>The partition of a row: the start of its minute, epoch milliseconds.</summary>
    public static long PartitionOf(BidRow row) => Calendar.MinuteStart(row.DateTime);

    /// <summary>The directory of partition <paramref name="minuteStart"/>, relative to the output: <c>dt=yyyy-MM-dd/hm=HH:mm</c>.</summary>
    public static string PartitionDirectory(long minuteStart)
    {
        string text = NexmarkTimestamp.Format(minuteStart); // yyyy-MM-dd HH:mm:ss.fff
        return Path.Combine("dt=" + text[..10], "hm=" + text[11..16]);
    }
}
