using System.Text.Encodings.Web;
using System.Text.Json;

namespace Nexmark.Rows;

/// <summary>
/// The kind of change a row of an updating (changelog) result makes to the result table, as Flink's RowKind:
/// written as the <c>op</c> column, <c>+I</c>, <c>-U</c>, <c>+U</c> or <c>-D</c>.
/// </summary>
public enum RowKind : byte
{
    /// <summary><c>+I</c>: the row is added.</summary>
    Insert,

    /// <summary><c>-U</c>: the row is retracted because an update replaces it (the next <c>+U</c> of its key).</summary>
    UpdateBefore,

    /// <summary><c>+U</c>: the row replaces the one just retracted.</summary>
    UpdateAfter,

    /// <summary><c>-D</c>: the row is removed.</summary>
    Delete,
}

/// <summary>Writes the <c>op</c> column of changelog rows.</summary>
public static class RowKindJson
{
    private static readonly JsonEncodedText OpName = JsonEncodedText.Encode("op");
    private static readonly JsonEncodedText[] Texts = [Encode("+I"), Encode("-U"), Encode("+U"), Encode("-D")];

    // The default encoder would write '+' as \u002B: valid JSON, but unreadable.
    private static JsonEncodedText Encode(string text) => JsonEncodedText.Encode(text, JavaScriptEncoder.UnsafeRelaxedJsonEscaping);

    /// <summary>Writes <c>"op": "+I"</c> (or the text of <paramref name="kind"/>), the first column of a changelog row.</summary>
    public static void Write(Utf8JsonWriter writer, RowKind kind)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteString(OpName, Texts[(int)kind]);
    }
}
