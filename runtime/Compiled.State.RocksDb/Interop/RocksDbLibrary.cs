using System.Reflection;
using System.Runtime.InteropServices;

namespace Compiled.State.RocksDb.Interop;

/// <summary>
/// Finds and loads the native RocksDB library. Debian's runtime package (librocksdb7.8) installs only the
/// SONAME <c>librocksdb.so.7.8</c>; the unversioned <c>librocksdb.so</c> comes with the -dev package, so
/// the default probing for "rocksdb" fails on a runtime-only machine. The resolver tries the versioned
/// names first.
/// </summary>
internal static class RocksDbLibrary
{
    /// <summary>The library name used by every <c>[LibraryImport]</c> in <see cref="Native"/>.</summary>
    internal const string ImportName = "rocksdb";

    /// <summary>The Debian package that provides the library.</summary>
    internal const string DebianPackage = "librocksdb7.8";

    internal static readonly string[] Candidates = ["librocksdb.so.7.8", "librocksdb.so.7", "librocksdb.so", "rocksdb"];

    private static readonly Lock s_lock = new();
    private static nint s_handle;

    /// <summary>The candidate name that loaded, once loaded.</summary>
    internal static string? LoadedName { get; private set; }

    static RocksDbLibrary() =>
        NativeLibrary.SetDllImportResolver(typeof(RocksDbLibrary).Assembly, Resolve);

    /// <summary>Runs the static constructor, which registers the resolver (the call itself does nothing).</summary>
    internal static void EnsureResolverRegistered() { }

    /// <summary>Loads the library (once) or throws <see cref="DllNotFoundException"/> naming the package to install.</summary>
    internal static void EnsureLoaded() => _ = Load();

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == ImportName ? Load() : 0;

    private static nint Load()
    {
        nint handle = Volatile.Read(ref s_handle);
        if (handle != 0) return handle;
        lock (s_lock)
        {
            if (s_handle != 0) return s_handle;
            handle = LoadFirst(Candidates, out string loaded);
            LoadedName = loaded;
            Volatile.Write(ref s_handle, handle);
            return handle;
        }
    }

    /// <summary>Loads the first of <paramref name="candidates"/> that the dynamic loader finds.</summary>
    internal static nint LoadFirst(IReadOnlyList<string> candidates, out string loaded)
    {
        foreach (string name in candidates)
        {
            if (NativeLibrary.TryLoad(name, typeof(RocksDbLibrary).Assembly, DllImportSearchPath.SafeDirectories | DllImportSearchPath.AssemblyDirectory, out nint handle))
            {
                loaded = name;
                return handle;
            }
        }
        throw new DllNotFoundException(
            $"The RocksDB native library could not be loaded (tried {string.Join(", ", candidates)}). " +
            $"Install Debian's {DebianPackage} package (`apt-get install -y {DebianPackage}`; ./build.sh does this), " +
            "or put a librocksdb 7.x shared library on the loader path.");
    }
}
