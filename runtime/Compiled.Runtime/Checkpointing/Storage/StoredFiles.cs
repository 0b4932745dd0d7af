using System.Buffers;

namespace Compiled.Checkpointing.Storage;

/// <summary>Copies files into and out of checkpoint storage, computing the CRC-32C on the way.</summary>
public static class StoredFiles
{
    private const int BufferSize = 1 << 20;

    /// <summary>
    /// Copies <paramref name="source"/> to <paramref name="target"/> through a temporary file renamed at the end (so a
    /// reader never sees a partial file), flushed to disk. Returns the length and checksum.
    /// </summary>
    public static (long Length, uint Crc32C) Copy(string source, string target)
    {
        string temporary = Path.Combine(Path.GetDirectoryName(target)!, "." + Path.GetFileName(target) + ".inprogress");
        var (length, crc) = CopyChecked(source, temporary, expected: null);
        File.Move(temporary, target, overwrite: true);
        return (length, crc);
    }

    /// <summary>Copies a stored file out of storage, failing with <see cref="CheckpointCorruptedException"/> when it does not match its handle.</summary>
    public static void Restore(string source, string target, long expectedLength, uint expectedCrc) =>
        CopyChecked(source, target, (expectedLength, expectedCrc));

    /// <summary>Verifies a stored file against its length and checksum.</summary>
    public static void Verify(string path, long expectedLength, uint expectedCrc)
    {
        var (length, crc) = Checksum(path);
        if (length != expectedLength || crc != expectedCrc)
            throw new CheckpointCorruptedException(path, $"it holds {length} bytes with CRC-32C 0x{crc:x8}, expected {expectedLength} bytes with 0x{expectedCrc:x8}");
    }

    private static (long, uint) Checksum(string path)
    {
        try
        {
            using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
            return Pump(input, null);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CheckpointCorruptedException(path, "the file is missing");
        }
    }

    private static (long, uint) CopyChecked(string source, string target, (long Length, uint Crc)? expected)
    {
        FileStream input;
        try { input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1); }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CheckpointCorruptedException(source, "the file is missing");
        }
        (long, uint) result;
        using (input)
        using (var output = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, 1))
        {
            result = Pump(input, output);
            output.Flush(flushToDisk: expected is null);
        }
        if (expected is { } e && result != (e.Length, e.Crc))
        {
            File.Delete(target);
            throw new CheckpointCorruptedException(source,
                $"it holds {result.Item1} bytes with CRC-32C 0x{result.Item2:x8}, expected {e.Length} bytes with 0x{e.Crc:x8}");
        }
        return result;
    }

    private static (long, uint) Pump(Stream input, Stream? output)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long length = 0;
            uint crc = 0;
            int read;
            while ((read = input.Read(buffer, 0, BufferSize)) > 0)
            {
                crc = Crc32C.Update(crc, buffer.AsSpan(0, read));
                output?.Write(buffer, 0, read);
                length += read;
            }
            return (length, crc);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
