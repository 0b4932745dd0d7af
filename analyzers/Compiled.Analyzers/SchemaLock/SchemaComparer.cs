using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Compiled.Analyzers.SchemaLock;

/// <summary>A difference between a record's current schema and its locked schema.</summary>
/// <param name="Incompatible">Savepoints written with the locked schema could not be restored correctly (CMP0012); else the lock is only out of date (CMP0013).</param>
/// <param name="Field">The current member the finding is about (its declaration is the location), or null for the record.</param>
/// <param name="Message">What changed, starting with a verb ("changes field 'Price' ...").</param>
internal sealed record SchemaFinding(bool Incompatible, string? Field, string Message);

/// <summary>
/// Compares a record's current schema with its lock block. Readers match fields by id and wire type, skip unknown
/// ids and leave missing ones at their default, so: adding, removing, renaming (same id and wire type) and making a
/// field nullable are compatible; changing a field's wire type, reusing a removed field's id, giving an id to another
/// field while its owner still exists, moving a field to another id, and making a nullable value non-nullable are not.
/// </summary>
internal static class SchemaComparer
{
    public static List<SchemaFinding> Compare(RecordSchema current, LockedRecord locked)
    {
        var findings = new List<SchemaFinding>();
        var lockedById = locked.Fields.ToDictionary(f => f.Id);
        var currentIds = new HashSet<int>(current.Fields.Select(f => f.Id));
        var currentNames = new HashSet<string>(current.Fields.Select(f => f.Name), System.StringComparer.Ordinal);

        foreach (var field in current.Fields)
        {
            string id = field.Id.ToString(CultureInfo.InvariantCulture);
            if (lockedById.TryGetValue(field.Id, out var old))
            {
                if (old.Removed)
                {
                    if (old.Name == field.Name && Compatible(old.Type, field) != false)
                        findings.Add(new SchemaFinding(false, field.Name, $"adds back the removed field '{field.Name}' (id {id}, {field.Type})"));
                    else
                        findings.Add(new SchemaFinding(true, field.Name,
                            $"reuses id {id} of the removed field '{old.Name}' ({old.Type}) for '{field.Name}' ({field.Type}): savepoints may hold '{old.Name}' values under that id; give '{field.Name}' a new [FieldId]"));
                    continue;
                }
                if (Compatible(old.Type, field) == false)
                {
                    string why = StripNullable(old.Type) == StripNullable(field.Type)
                        ? "savepoints may hold null for it, which the new type cannot read; keep it nullable"
                        : "savepoints written with the locked schema cannot be read; keep the wire type, or add a field with a new [FieldId] and remove this one";
                    string subject = old.Name == field.Name ? $"field '{field.Name}'" : $"field '{old.Name}' (now '{field.Name}')";
                    findings.Add(new SchemaFinding(true, field.Name, $"changes the wire type of {subject} (id {id}) from {old.Type} to {field.Type}: {why}"));
                    continue;
                }
                if (old.Name != field.Name)
                {
                    if (currentNames.Contains(old.Name))
                    {
                        var moved = current.Fields.First(f => f.Name == old.Name);
                        findings.Add(new SchemaFinding(true, field.Name,
                            $"gives id {id} of field '{old.Name}' to '{field.Name}' while '{old.Name}' now has id {moved.Id.ToString(CultureInfo.InvariantCulture)}: savepoint values of '{old.Name}' would be read into '{field.Name}'; restore the ids"));
                        continue;
                    }
                    findings.Add(new SchemaFinding(false, field.Name, $"renames field '{old.Name}' (id {id}) to '{field.Name}'"));
                }
                if (old.Type != field.Type)
                {
                    findings.Add(new SchemaFinding(false, field.Name, $"changes field '{field.Name}' (id {id}) from {old.Type} to {field.Type}"));
                }
                continue;
            }

            // A new id: a field moved away from its locked id loses its savepoint values.
            var previous = locked.Fields.FirstOrDefault(f => !f.Removed && f.Name == field.Name && !currentIds.Contains(f.Id));
            if (previous is not null)
            {
                string from = previous.Id.ToString(CultureInfo.InvariantCulture);
                findings.Add(new SchemaFinding(true, field.Name,
                    $"moves field '{field.Name}' from id {from} to id {id}: its values in savepoints (id {from}) would be dropped; declare [FieldId({from})]"));
                continue;
            }
            findings.Add(new SchemaFinding(false, field.Name, $"adds field '{field.Name}' (id {id}, {field.Type})"));
        }

        foreach (var old in locked.Fields)
        {
            if (old.Removed || currentIds.Contains(old.Id)) continue;
            if (current.Fields.Any(f => f.Name == old.Name && !lockedById.ContainsKey(f.Id))) continue; // reported as moved
            findings.Add(new SchemaFinding(false, null, $"removes field '{old.Name}' (id {old.Id.ToString(CultureInfo.InvariantCulture)}, {old.Type})"));
        }
        return findings;
    }

    /// <summary>null: the same descriptor; true: a compatible change (nullability only); false: incompatible.</summary>
    internal static bool? Compatible(string locked, FieldSchema current)
    {
        if (locked == current.Type) return null;
        if (StripNullable(locked) != StripNullable(current.Type)) return false;
        if (current.Type.EndsWith("?", System.StringComparison.Ordinal)) return true; // became nullable
        // Became non-nullable: a reference member reads a stored null as empty/null; a value type (Nullable<T> → T) cannot.
        return current.IsReference;
    }

    private static string StripNullable(string type) => type.EndsWith("?", System.StringComparison.Ordinal) ? type.Substring(0, type.Length - 1) : type;
}
