using System.Buffers.Binary;

namespace Compiled.Checkpointing.Storage;

/// <summary>
/// The framing of every checkpoint file: 8-byte magic, payload length (int64 LE), payload, CRC-32C of the payload
/// (uint32 LE). A reader rejects a file whose magic, length or checksum does not match, naming the file.
/// </summary>
public static class ChecksummedFile
{
    private static ReadOnlySpan<byte> Magic => "CMPCHK01"u8;
    private const int HeaderSize = 16;
    private const int TrailerSize = 4;

    /// <summary>Writes <paramref name="payload"/> to <paramref name="path"/> and flushes it to disk. Returns the checksum.</summary>
    public static uint Write(string path, ReadOnlySpan<byte> payload)
    {
        uint crc = Crc32C.Compute(payload);
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1);
        Span<byte> header = stackalloc byte[HeaderSize];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteInt64LittleEndian(header[8..], payload.Length);
        stream.Write(header);
        stream.Write(payload);
        Span<byte> trailer = stackalloc byte[TrailerSize];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, crc);
        stream.Write(trailer);
        stream.Flush(flushToDisk: true);
        return crc;
    }

    /// <summary>Reads and verifies the payload of <paramref name="path"/>.</summary>
    /// <exception cref="CheckpointCorruptedException">The file is missing, truncated, or its checksum does not match.</exception>
    public static byte[] Read(string path)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (FileNotFoundException) { throw new CheckpointCorruptedException(path, "the file is missing"); }
        catch (DirectoryNotFoundException) { throw new CheckpointCorruptedException(path, "the file is missing"); }
        if (bytes.Length < HeaderSize + TrailerSize || !bytes.AsSpan(0, 8).SequenceEqual(Magic))
            throw new CheckpointCorruptedException(path, $"it is not a checkpoint file or is truncated ({bytes.Length} bytes)");
        long length = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(8));
        if (length < 0 || length != bytes.Length - HeaderSize - TrailerSize)
            throw new CheckpointCorruptedException(path, $"its header says {length} bytes of state but the file holds {bytes.Length - HeaderSize - TrailerSize}");
        var payload = bytes.AsSpan(HeaderSize, (int)length);
        uint expected = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(HeaderSize + (int)length));
        uint actual = Crc32C.Compute(payload);
        if (expected != actual)
            throw new CheckpointCorruptedException(path, $"CRC-32C mismatch (stored 0x{expected:x8}, computed 0x{actual:x8})");
        return payload.ToArray();
    }
}
