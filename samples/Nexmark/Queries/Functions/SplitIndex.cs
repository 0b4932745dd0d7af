namespace Nexmark.Queries.Functions;

/// <summary>SQL's <c>SPLIT_INDEX(text, separator, index)</c>, used by q22.</summary>
public static class SplitIndex
{
    /// <summary>
    /// The <paramref name="index"/>-th (0-based) piece of <paramref name="text"/> split at every
    /// <paramref name="separator"/>, keeping empty pieces (<c>"a//b"</c> has pieces "a", "" and "b"); null when there is
    /// no such piece, the index is negative or the text is null or empty (which has no pieces).
    /// </summary>
    public static string? Of(string? text, char separator, int index)
    {
        if (string.IsNullOrEmpty(text) || index < 0) return null;
        var rest = text.AsSpan();
        for (int i = 0; i < index; i++)
        {
            int next = rest.IndexOf(separator);
            if (next < 0) return null;
            rest = rest[(next + 1)..];
        }

        int end = rest.IndexOf(separator);
        return (end < 0 ? rest : rest[..end]).ToString();
    }
}
