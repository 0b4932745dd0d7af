using System.Buffers.Binary;

namespace Compiled.State.RocksDb.Backend;

/// <summary>
/// Layout of state keys in RocksDB: key group (2 bytes, big-endian, so one key group is one contiguous range) ‖ key ‖
/// namespace [‖ map key]. Keys and namespaces use the snapshot serializers, whose encodings are self-delimiting, so a
/// (key, namespace) prefix never matches another pair's.
/// </summary>
internal static class RocksKeys
{
    /// <summary>Bytes of the key-group prefix.</summary>
    public const int KeyGroupPrefixLength = 2;

    public static void WriteKeyGroup(Span<byte> destination, int keyGroup) => BinaryPrimitives.WriteUInt16BigEndian(destination, checked((ushort)keyGroup));

    public static int ReadKeyGroup(ReadOnlySpan<byte> key) => BinaryPrimitives.ReadUInt16BigEndian(key);

    /// <summary>The first key of <paramref name="keyGroup"/>.</summary>
    public static byte[] KeyGroupStart(int keyGroup)
    {
        var bytes = new byte[KeyGroupPrefixLength];
        WriteKeyGroup(bytes, keyGroup);
        return bytes;
    }

    /// <summary>The smallest key greater than every key starting with <paramref name="prefix"/>, or null when there is none (all 0xFF).</summary>
    public static byte[]? Successor(ReadOnlySpan<byte> prefix)
    {
        var bytes = prefix.ToArray();
        for (int i = bytes.Length - 1; i >= 0; i--)
        {
            if (bytes[i] != 0xFF)
            {
                bytes[i]++;
                return bytes[..(i + 1)];
            }
        }
        return null;
    }
}
