using System.Globalization;

namespace Compiled.Serialization;

/// <summary>
/// A 64-bit fingerprint of a record's schema text (type name and, per field, id, name and wire
/// type; see <see cref="IRecordSerializer{T}.Schema"/>). Checkpoints and savepoints store it beside
/// the data so that a restore can tell whether the bytes were written by the same schema. Computed
/// with FNV-1a over the UTF-16 code units of the schema text, the same function the generator uses
/// at build time, so the value is stable across processes and machines.
/// </summary>
/// <param name="Value">The fingerprint.</param>
public readonly record struct SchemaFingerprint(ulong Value)
{
    private const ulong Offset = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    /// <summary>Computes the fingerprint of a schema text.</summary>
    public static SchemaFingerprint Of(string schemaText)
    {
        ArgumentNullException.ThrowIfNull(schemaText);
        ulong h = Offset;
        foreach (char c in schemaText)
        {
            h = (h ^ (byte)c) * Prime;
            h = (h ^ (byte)(c >> 8)) * Prime;
        }
        return new SchemaFingerprint(h);
    }

    /// <summary>The fingerprint as 16 lower-case hex digits.</summary>
    public override string ToString() => Value.ToString("x16", CultureInfo.InvariantCulture);
}
