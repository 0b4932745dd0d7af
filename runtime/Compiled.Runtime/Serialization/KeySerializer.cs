using System.Buffers;

namespace Compiled.Serialization;

/// <summary>
/// Writes the canonical bytes of a key. Key groups are computed from these bytes, so two processes
/// (or a job before and after a restore) agree on where every key lives.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
public abstract class KeySerializer<TKey>
{
    /// <summary>Appends the canonical bytes of <paramref name="key"/> to <paramref name="writer"/>.</summary>
    public abstract void Write(TKey key, IBufferWriter<byte> writer);

    /// <summary>Murmur3 hash of the canonical key bytes.</summary>
    public virtual uint Hash(TKey key)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(64);
        buffer.ResetWrittenCount();
        Write(key, buffer);
        return Murmur3.Hash(buffer.WrittenSpan);
    }

    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
}
