using System.Buffers.Binary;
using System.Numerics;

namespace Compiled.Serialization;

/// <summary>
/// MurmurHash3 (x86, 32-bit). Used for key-group assignment because, unlike
/// <see cref="object.GetHashCode"/>, it gives the same value in every process and after a restore.
/// </summary>
public static class Murmur3
{
    private const uint C1 = 0xcc9e2d51;
    private const uint C2 = 0x1b873593;

    /// <summary>Hashes <paramref name="data"/> with the given seed.</summary>
    public static uint Hash(ReadOnlySpan<byte> data, uint seed = 0)
    {
        uint h = seed;
        int blocks = data.Length / 4;
        for (int i = 0; i < blocks; i++)
        {
            uint k = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(i * 4, 4));
            h ^= MixK(k);
            h = BitOperations.RotateLeft(h, 13);
            h = h * 5 + 0xe6546b64;
        }
        var tail = data.Slice(blocks * 4);
        uint t = 0;
        switch (tail.Length)
        {
            case 3: t ^= (uint)tail[2] << 16; goto case 2;
            case 2: t ^= (uint)tail[1] << 8; goto case 1;
            case 1: t ^= tail[0]; h ^= MixK(t); break;
        }
        h ^= (uint)data.Length;
        return FMix(h);
    }

    /// <summary>Hashes the 8 little-endian bytes of <paramref name="value"/> without allocating.</summary>
    public static uint Hash(long value, uint seed = 0)
    {
        uint h = seed;
        h ^= MixK((uint)value);
        h = BitOperations.RotateLeft(h, 13);
        h = h * 5 + 0xe6546b64;
        h ^= MixK((uint)(value >> 32));
        h = BitOperations.RotateLeft(h, 13);
        h = h * 5 + 0xe6546b64;
        h ^= 8;
        return FMix(h);
    }

    private static uint MixK(uint k)
    {
        k *= C1;
        k = BitOperations.RotateLeft(k, 15);
        return k * C2;
    }

    private static uint FMix(uint h)
    {
        h ^= h >> 16;
        h *= 0x85ebca6b;
        h ^= h >> 13;
        h *= 0xc2b2ae35;
        h ^= h >> 16;
        return h;
    }
}
