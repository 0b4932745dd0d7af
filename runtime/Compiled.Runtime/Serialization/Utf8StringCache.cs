namespace Compiled.Serialization;

/// <summary>
/// A bounded, direct-mapped cache from UTF-8 bytes to strings, for deserializing streams whose string
/// fields repeat (channels, cities, URLs, padding): a hit returns the cached instance instead of
/// allocating. Memory is bounded by <c>capacity</c> entries of at most <c>maxLength</c> bytes; a
/// colliding value replaces the entry. Not thread-safe: use one per task thread.
/// </summary>
public sealed class Utf8StringCache
{
    private readonly Entry[] _entries;
    private readonly int _mask;

    /// <summary>Creates a cache.</summary>
    /// <param name="capacity">Number of entries, rounded up to a power of two.</param>
    /// <param name="maxLength">Longest UTF-8 value (in bytes) that is cached.</param>
    public Utf8StringCache(int capacity = 1024, int maxLength = 512)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        int size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity);
        _entries = new Entry[size];
        _mask = size - 1;
        MaxLength = maxLength;
    }

    /// <summary>Longest UTF-8 value (in bytes) that is cached.</summary>
    public int MaxLength { get; }

    /// <summary>Returns the cached string for <paramref name="utf8"/>, if any.</summary>
    public bool TryGet(ReadOnlySpan<byte> utf8, out string? value)
    {
        if (utf8.Length <= MaxLength)
        {
            var entry = _entries[Murmur3.Hash(utf8) & _mask];
            if (entry.Bytes is not null && utf8.SequenceEqual(entry.Bytes))
            {
                value = entry.Value;
                return true;
            }
        }
        value = null;
        return false;
    }

    /// <summary>Caches <paramref name="value"/> (which must be the decoding of <paramref name="utf8"/>).</summary>
    public void Add(ReadOnlySpan<byte> utf8, string value)
    {
        if (utf8.Length > MaxLength) return;
        _entries[Murmur3.Hash(utf8) & _mask] = new Entry(utf8.ToArray(), value);
    }

    private readonly record struct Entry(byte[]? Bytes, string? Value);
}
