namespace Nexmark.Queries.Functions;

/// <summary>User-defined scalar functions of the Nexmark queries: plain static methods, called from the query's lambdas.</summary>
public static class UserFunctions
{
    /// <summary>
    /// q14's <c>count_char(s, c)</c>: how many times <paramref name="character"/> occurs in <paramref name="text"/>;
    /// 0 for null. (Nexmark's UDF counts UTF-8 bytes equal to the character's first byte, which is the same count
    /// for an ASCII character: multi-byte UTF-8 sequences never contain ASCII bytes.)
    /// </summary>
    public static long CountChar(string? text, char character) => text is null ? 0 : text.AsSpan().Count(character);
}
