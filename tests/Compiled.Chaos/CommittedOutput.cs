namespace Compiled.Chaos;

/// <summary>Reads job outputs as sorted lines, for comparison.</summary>
internal static class CommittedOutput
{
    /// <summary>The lines of a single output file.</summary>
    public static List<string> OfFile(string path) => [.. File.ReadAllLines(path).Order(StringComparer.Ordinal)];

    /// <summary>The lines of the committed part files of an output directory (in-progress and pending ones start with '.').</summary>
    public static List<string> OfDirectory(string directory) => !Directory.Exists(directory) ? [] :
        [.. Directory.EnumerateFiles(directory).Where(f => !Path.GetFileName(f).StartsWith('.')).SelectMany(File.ReadAllLines).Order(StringComparer.Ordinal)];

    /// <summary>Whether hidden (uncommitted) files were left behind.</summary>
    public static bool HasHiddenFiles(string directory) =>
        Directory.Exists(directory) && Directory.EnumerateFiles(directory).Any(f => Path.GetFileName(f).StartsWith('.'));

    /// <summary>A short description of how <paramref name="actual"/> differs from <paramref name="expected"/>.</summary>
    public static string Difference(List<string> expected, List<string> actual)
    {
        var missing = Multiset(expected, actual);
        var extra = Multiset(actual, expected);
        return $"{expected.Count} rows expected, {actual.Count} committed: {missing.Count} missing (e.g. {missing.FirstOrDefault() ?? "-"}), " +
            $"{extra.Count} extra or duplicated (e.g. {extra.FirstOrDefault() ?? "-"})";
    }

    /// <summary>Lines of <paramref name="from"/> not matched one-for-one in <paramref name="other"/>.</summary>
    private static List<string> Multiset(List<string> from, List<string> other)
    {
        var counts = other.GroupBy(l => l, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var line in from)
        {
            if (counts.TryGetValue(line, out int n) && n > 0) counts[line] = n - 1;
            else result.Add(line);
        }
        return result;
    }
}
