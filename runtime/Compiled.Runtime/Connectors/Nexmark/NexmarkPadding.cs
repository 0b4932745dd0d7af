namespace Compiled.Connectors.Nexmark;

/// <summary>
/// Shared lowercase filler strings for the <c>extra</c> fields. Nexmark fills <c>extra</c> with arbitrary
/// letters of a chosen length; here the content depends only on the length, so each length is built once
/// and reused by every event (no per-event allocation).
/// </summary>
internal static class NexmarkPadding
{
    /// <summary>Lengths up to this are cached; longer padding is built on demand.</summary>
    private const int MaxCachedLength = 4096;

    private static readonly string Source = BuildSource(2 * MaxCachedLength);
    private static readonly string?[] Cache = new string?[MaxCachedLength + 1];

    /// <summary>A lowercase string of exactly <paramref name="length"/> characters.</summary>
    public static string Get(int length)
    {
        if (length <= 0)
        {
            return string.Empty;
        }

        if (length > MaxCachedLength)
        {
            return string.Create(length, 0, static (span, _) =>
            {
                for (int i = 0; i < span.Length; i += Source.Length)
                {
                    ReadOnlySpan<char> chunk = Source.AsSpan(0, Math.Min(Source.Length, span.Length - i));
                    chunk.CopyTo(span[i..]);
                }
            });
        }

        string? cached = Volatile.Read(ref Cache[length]);
        if (cached is null)
        {
            // Benign race: every thread builds the same content.
            int offset = (int)((length * 7919L) % (Source.Length - length));
            cached = Source.Substring(offset, length);
            Volatile.Write(ref Cache[length], cached);
        }

        return cached;
    }

    private static string BuildSource(int length)
    {
        var random = new NexmarkRandom(0x5EED, -1);
        var chars = new char[length];
        for (int i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)('a' + random.NextInt(26));
        }

        return new string(chars);
    }
}
