using System.Globalization;

namespace Nexmark.Queries;

/// <summary>
/// q13's bounded side input <c>side_input(key BIGINT, value VARCHAR)</c>, held in memory for lookups. The file format
/// is CSV without quoting: one <c>key,value</c> row per line (the value is everything after the first comma; blank
/// lines are skipped). A key may appear on several rows: a lookup then returns each of its values, as a join does.
/// </summary>
public sealed class SideInputTable
{
    private readonly Dictionary<long, string[]> _values;

    private SideInputTable(Dictionary<long, string[]> values, int rows)
    {
        _values = values;
        Rows = rows;
    }

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>The values of <paramref name="key"/> in file order; empty when it has none.</summary>
    public ReadOnlySpan<string> Lookup(long key) => _values.TryGetValue(key, out var values) ? values : [];

    /// <summary>Reads a side input file.</summary>
    /// <exception cref="FormatException">A line is not <c>key,value</c> with an integer key; the message names the file and line.</exception>
    public static SideInputTable Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var rows = new List<(long Key, string Value)>();
        int lineNumber = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            int comma = line.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0)
                throw new FormatException($"Side input '{path}' line {lineNumber}: expected 'key,value', got '{line}'.");
            if (!long.TryParse(line.AsSpan(0, comma).Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long key))
                throw new FormatException($"Side input '{path}' line {lineNumber}: the key '{line[..comma]}' is not a whole number.");
            rows.Add((key, line[(comma + 1)..]));
        }

        return Of(rows);
    }

    /// <summary>A table of <paramref name="rows"/>.</summary>
    public static SideInputTable Of(IEnumerable<(long Key, string Value)> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var values = new Dictionary<long, List<string>>();
        int count = 0;
        foreach (var (key, value) in rows)
        {
            if (!values.TryGetValue(key, out var list)) values[key] = list = [];
            list.Add(value);
            count++;
        }

        return new SideInputTable(values.ToDictionary(static p => p.Key, static p => p.Value.ToArray()), count);
    }

    /// <summary>Nexmark's standard side input: keys 0 .. <paramref name="rows"/> - 1, each with its own number as the value.</summary>
    public static SideInputTable Sequential(int rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        return Of(Enumerable.Range(0, rows).Select(static i => ((long)i, i.ToString(CultureInfo.InvariantCulture))));
    }
}
