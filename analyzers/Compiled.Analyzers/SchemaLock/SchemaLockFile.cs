using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace Compiled.Analyzers.SchemaLock;

/// <summary>A record's block in the lock file.</summary>
/// <param name="Name">Full display name of the record type.</param>
/// <param name="Fingerprint">Fingerprint written on the block's first line (informational), or null.</param>
/// <param name="Fields">Locked fields (live and removed), ordered by id.</param>
/// <param name="Line">0-based line of the <c>record</c> line.</param>
internal sealed record LockedRecord(string Name, string? Fingerprint, IReadOnlyList<FieldSchema> Fields, int Line);

/// <summary>
/// The schema lock file (<c>streamrecords.lock</c>): a line-based, diff-friendly text committed with the project and
/// passed to the compiler as an AdditionalFile. One block per <c>[StreamRecord]</c> type:
/// <code>
/// record Ns.Bid 0x0123456789abcdef
///   1 Auction svarint
///   7 Extra string removed
/// </code>
/// Lines starting with <c>#</c> and blank lines are ignored. Field lines are <c>id name wireType</c>, with
/// <c>removed</c> appended for deleted fields (tombstones), whose ids must never be reused.
/// </summary>
internal sealed class SchemaLockFile
{
    public const string FileName = "streamrecords.lock";

    private const string Header =
        "# Schemas of this project's [StreamRecord] types, checked at build time against the code (CMP0012, CMP0013).\n" +
        "# Commit this file. Savepoints stay restorable as long as every change to it is compatible.\n" +
        "# Update it with the CMP0013 code fix (\"Update streamrecords.lock\") in the IDE, or from the command line:\n" +
        "#   dotnet format analyzers <project> --diagnostics CMP0013 --severity info\n" +
        "# Format: 'record <type> <schema fingerprint>', then '<id> <name> <wire type>' per field ordered by id;\n" +
        "# 'removed' marks a deleted field: its id must never be used again.\n";

    private SchemaLockFile(Dictionary<string, LockedRecord> records, List<(int Line, string Message)> errors)
    {
        Records = records;
        Errors = errors;
    }

    public IReadOnlyDictionary<string, LockedRecord> Records { get; }

    /// <summary>Malformed lines (0-based line, message).</summary>
    public IReadOnlyList<(int Line, string Message)> Errors { get; }

    public static bool IsLockFile(string path) =>
        string.Equals(System.IO.Path.GetFileName(path), FileName, StringComparison.OrdinalIgnoreCase);

    public static SchemaLockFile Parse(SourceText text)
    {
        var records = new Dictionary<string, LockedRecord>(StringComparer.Ordinal);
        var errors = new List<(int, string)>();
        string? name = null, fingerprint = null;
        int recordLine = -1;
        var fields = new List<FieldSchema>();

        void Flush()
        {
            if (name is null) return;
            if (records.ContainsKey(name)) errors.Add((recordLine, "record '" + name + "' appears twice"));
            else records.Add(name, new LockedRecord(name, fingerprint, fields.OrderBy(f => f.Id).ToList(), recordLine));
            name = null;
            fields = new List<FieldSchema>();
        }

        foreach (var line in text.Lines)
        {
            string content = line.ToString().Trim();
            if (content.Length == 0 || content[0] == '#') continue;
            var parts = content.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            int number = line.LineNumber;
            if (parts[0] == "record")
            {
                Flush();
                if (parts.Length is < 2 or > 3)
                {
                    errors.Add((number, "expected 'record <type> [<fingerprint>]'"));
                    continue;
                }
                name = parts[1];
                fingerprint = parts.Length == 3 ? parts[2] : null;
                recordLine = number;
                continue;
            }
            if (name is null)
            {
                errors.Add((number, "a field line must follow a 'record <type>' line"));
                continue;
            }
            if (parts.Length is < 3 or > 4 || parts.Length == 4 && parts[3] != "removed" ||
                !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int id) || id < 1)
            {
                errors.Add((number, "expected '<id> <name> <wire type> [removed]'"));
                continue;
            }
            if (fields.Any(f => f.Id == id))
            {
                errors.Add((number, "field id " + parts[0] + " of record '" + name + "' appears twice"));
                continue;
            }
            fields.Add(new FieldSchema(id, parts[1], parts[2], Removed: parts.Length == 4, Line: number));
        }
        Flush();
        return new SchemaLockFile(records, errors);
    }

    /// <summary>
    /// The lock text for the current schemas: removed fields become tombstones, and a record whose change is
    /// incompatible (or that the generator rejects) keeps its locked block, so the error is never locked in.
    /// Records no longer in the project are dropped.
    /// </summary>
    public static string Update(SchemaLockFile? previous, IEnumerable<RecordSchema> current, string newLine)
    {
        var blocks = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var record in current)
        {
            LockedRecord? locked = null;
            previous?.Records.TryGetValue(record.Name, out locked);
            if (locked is not null && (!record.Valid || SchemaComparer.Compare(record, locked).Any(f => f.Incompatible)))
            {
                blocks[record.Name] = Block(locked.Name, locked.Fingerprint, locked.Fields);
                continue;
            }
            if (!record.Valid) continue;
            var fields = new List<FieldSchema>(record.Fields);
            if (locked is not null)
            {
                foreach (var old in locked.Fields)
                {
                    if (fields.Any(f => f.Id == old.Id)) continue;
                    fields.Add(old with { Removed = true });
                }
            }
            blocks[record.Name] = Block(record.Name, "0x" + record.Fingerprint.ToString("x16", CultureInfo.InvariantCulture), fields.OrderBy(f => f.Id));
        }
        var text = new StringBuilder(Header);
        foreach (var block in blocks.Values) text.Append('\n').Append(block);
        return newLine == "\n" ? text.ToString() : text.ToString().Replace("\n", newLine);
    }

    private static string Block(string name, string? fingerprint, IEnumerable<FieldSchema> fields)
    {
        var text = new StringBuilder("record ").Append(name);
        if (fingerprint is not null) text.Append(' ').Append(fingerprint);
        text.Append('\n');
        foreach (var f in fields)
        {
            text.Append("  ").Append(f.Id.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(f.Name).Append(' ').Append(f.Type);
            if (f.Removed) text.Append(" removed");
            text.Append('\n');
        }
        return text.ToString();
    }
}
