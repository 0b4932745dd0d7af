using System.Text.Json;

namespace Nexmark.Tests.Reference;

/// <summary>What folding a changelog gave: the final table and how many changes of each kind it had.</summary>
/// <param name="Rows">The final table's canonical rows, sorted ordinally (duplicates kept).</param>
/// <param name="Inserts">Rows with op <c>+I</c>.</param>
/// <param name="UpdatesBefore">Rows with op <c>-U</c>.</param>
/// <param name="UpdatesAfter">Rows with op <c>+U</c>.</param>
/// <param name="Deletes">Rows with op <c>-D</c>.</param>
public sealed record FoldedChangelog(List<string> Rows, int Inserts, int UpdatesBefore, int UpdatesAfter, int Deletes);

/// <summary>Applies a changelog (JSON lines whose first column is <c>op</c>) to an empty table, checking that it is well formed.</summary>
public static class Changelog
{
    /// <summary>
    /// Folds <paramref name="jsonLines"/> in order: <c>+I</c>/<c>+U</c> add the row (the other columns, canonical as
    /// <see cref="CanonicalRows"/>), <c>-U</c>/<c>-D</c> remove one equal row, which must be in the table then.
    /// </summary>
    /// <exception cref="InvalidDataException">A line has no leading op, an unknown op, or retracts a row the table does not have; the message names the line.</exception>
    public static FoldedChangelog Fold(IEnumerable<string> jsonLines)
    {
        ArgumentNullException.ThrowIfNull(jsonLines);
        var table = new Dictionary<string, int>(StringComparer.Ordinal);
        int inserts = 0, updatesBefore = 0, updatesAfter = 0, deletes = 0, lineNumber = 0;
        foreach (string line in jsonLines)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var (op, row) = Split(line, lineNumber);
            switch (op)
            {
                case "+I":
                    inserts++;
                    table[row] = table.GetValueOrDefault(row) + 1;
                    break;
                case "+U":
                    updatesAfter++;
                    table[row] = table.GetValueOrDefault(row) + 1;
                    break;
                case "-U" or "-D":
                    if (op == "-U") updatesBefore++;
                    else deletes++;
                    if (!table.TryGetValue(row, out int count))
                        throw new InvalidDataException($"Line {lineNumber} retracts ({op}) a row that is not in the table: {row}");
                    if (count == 1) table.Remove(row);
                    else table[row] = count - 1;
                    break;
                default:
                    throw new InvalidDataException($"Line {lineNumber} has op '{op}'; expected +I, -U, +U or -D.");
            }
        }

        var rows = table.SelectMany(p => Enumerable.Repeat(p.Key, p.Value)).Order(StringComparer.Ordinal).ToList();
        return new FoldedChangelog(rows, inserts, updatesBefore, updatesAfter, deletes);
    }

    private static (string Op, string Row) Split(string line, int lineNumber)
    {
        using JsonDocument document = JsonDocument.Parse(line);
        var columns = document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.EnumerateObject().ToList() : [];
        if (columns.Count == 0 || columns[0].Name != "op" || columns[0].Value.ValueKind != JsonValueKind.String)
            throw new InvalidDataException($"Line {lineNumber} does not start with an \"op\" column: {line}");
        return (columns[0].Value.GetString()!, CanonicalRows.Of(columns.Skip(1)));
    }
}
