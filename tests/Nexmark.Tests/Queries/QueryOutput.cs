namespace Nexmark.Tests.Queries;

using Nexmark.Tests.Reference;

/// <summary>
/// Reads what a query run wrote into canonical rows. The tests keep their own idea of each query's output shape
/// (a changelog, a partitioned directory, wall-clock windows) rather than asking the job.
/// </summary>
public static class QueryOutput
{
    /// <summary>Queries whose rows are a changelog: <c>op</c> first, then the columns.</summary>
    public static readonly IReadOnlySet<string> ChangelogQueries = new HashSet<string> { "q15", "q16", "q17", "q18", "q19" };

    /// <summary>
    /// The result table, comparable with <see cref="NexmarkReference.Run"/>: a changelog is folded (and must be well
    /// formed, with as many <c>+U</c> as <c>-U</c>), q10's partitions become its dt and hm columns, and q12's
    /// wall-clock windows are summed per bidder.
    /// </summary>
    public static List<string> FinalRows(string query, string path)
    {
        if (!ChangelogQueries.Contains(query)) return AllRows(query, path);
        var folded = Changelog.Fold(File.ReadLines(path));
        Assert.Equal(folded.UpdatesBefore, folded.UpdatesAfter);
        return folded.Rows;
    }

    /// <summary>Every row the run wrote (changes as they are), sorted: what two runs of a deterministic query must share.</summary>
    public static List<string> AllRows(string query, string path) => query switch
    {
        "q10" => PartitionedRows(path),
        "q12" => BidsPerBidder(CanonicalRows.FromJsonLines(File.ReadLines(path))),
        _ => CanonicalRows.FromJsonLines(File.ReadLines(path)),
    };

    /// <summary>Number of rows written (changes for a changelog, windows for q12).</summary>
    public static int RowCount(string query, string path) =>
        query == "q10" ? PartitionedRows(path).Count : File.ReadLines(path).Count(l => !string.IsNullOrWhiteSpace(l));

    /// <summary>
    /// The rows of every visible part file under <paramref name="directory"/>, each followed by the partition columns
    /// of its directory <c>dt=…/hm=…</c>; hidden (uncommitted) files must not remain.
    /// </summary>
    public static List<string> PartitionedRows(string directory)
    {
        var rows = new List<string>();
        foreach (string file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            string[] parts = Path.GetRelativePath(directory, file).Split(Path.DirectorySeparatorChar);
            Assert.False(parts[^1].StartsWith('.'), $"uncommitted file left behind: {file}");
            Assert.True(parts.Length == 3 && parts[0].StartsWith("dt=", StringComparison.Ordinal) && parts[1].StartsWith("hm=", StringComparison.Ordinal),
                $"not in a dt=…/hm=… partition: {file}");
            rows.AddRange(CanonicalRows.FromJsonLines(File.ReadLines(file)).Select(r => $"{r}|{parts[0]}|{parts[1]}"));
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    /// <summary>Sums q12's window rows <c>bidder=…|bid_count=…|starttime=…|endtime=…</c> into <c>bidder=…|bid_count=total</c>.</summary>
    public static List<string> BidsPerBidder(IEnumerable<string> windowRows) =>
        windowRows
            .Select(r => r.Split('|'))
            .GroupBy(c => c[0], StringComparer.Ordinal)
            .Select(g => $"{g.Key}|bid_count={g.Sum(c => long.Parse(c[1]["bid_count=".Length..], System.Globalization.CultureInfo.InvariantCulture))}")
            .Order(StringComparer.Ordinal)
            .ToList();
}
