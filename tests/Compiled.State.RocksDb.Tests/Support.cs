using System.Runtime.InteropServices;

// The leak tests read process-wide counters (live native handles, glibc's heap): no test may run beside them.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Compiled.State.RocksDb.Tests;

/// <summary>A fresh directory under the system temp directory, deleted (recursively) on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "compiled-rocksdb-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Sub(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}

internal static class Bytes
{
    public static byte[] Of(params byte[] bytes) => bytes;

    /// <summary>Big-endian, so bytewise order is numeric order.</summary>
    public static byte[] BigEndian(int value)
    {
        var b = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(b, value);
        return b;
    }

    public static byte[] Utf8(string s) => System.Text.Encoding.UTF8.GetBytes(s);

    public static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from)) File.Copy(file, System.IO.Path.Combine(to, System.IO.Path.GetFileName(file)));
        foreach (string dir in Directory.GetDirectories(from)) CopyDirectory(dir, System.IO.Path.Combine(to, System.IO.Path.GetFileName(dir)));
    }
}

/// <summary>glibc's heap counters (all arenas): bytes currently allocated by malloc, including mmapped chunks.</summary>
internal static partial class NativeHeap
{
    [StructLayout(LayoutKind.Sequential)]
    private struct MallInfo2
    {
        public nuint Arena, Ordblks, Smblks, Hblks, Hblkhd, Usmblks, Fsmblks, Uordblks, Fordblks, Keepcost;
    }

    [LibraryImport("libc.so.6", EntryPoint = "mallinfo2")]
    private static partial MallInfo2 mallinfo2();

    public static long? AllocatedBytes()
    {
        try
        {
            var info = mallinfo2();
            return (long)info.Uordblks + (long)info.Hblkhd;
        }
        catch (EntryPointNotFoundException) { return null; }
        catch (DllNotFoundException) { return null; }
    }
}
