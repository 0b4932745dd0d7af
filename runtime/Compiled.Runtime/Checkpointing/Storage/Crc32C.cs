using System.Buffers.Binary;
using System.Numerics;

namespace Compiled.Checkpointing.Storage;

/// <summary>CRC-32C (Castagnoli), hardware-accelerated through <see cref="BitOperations.Crc32C(uint, ulong)"/>.</summary>
public static class Crc32C
{
    /// <summary>The checksum of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => ~Append(~0u, data);

    /// <summary>The checksum of <paramref name="data"/> appended to data whose checksum was <paramref name="crc"/> (0 to start).</summary>
    public static uint Update(uint crc, ReadOnlySpan<byte> data) => ~Append(~crc, data);

    /// <summary>Continues a running (non-finalised) CRC with <paramref name="data"/>.</summary>
    private static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }
        foreach (byte b in data) crc = BitOperations.Crc32C(crc, b);
        return crc;
    }
}
