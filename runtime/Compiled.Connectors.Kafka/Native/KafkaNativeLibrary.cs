using System.Reflection;
using System.Runtime.InteropServices;

namespace Compiled.Connectors.Kafka.Native;

/// <summary>
/// Loads the native librdkafka for Confluent.Kafka and for this assembly's own imports. Confluent.Kafka normally
/// ships librdkafka in its librdkafka.redist package; here Debian's librdkafka1 is used instead, which installs only
/// the SONAME <c>librdkafka.so.1</c> — a name neither Confluent's loader nor the default probing tries. The resolver
/// maps every librdkafka name Confluent asks for (<c>librdkafka</c>, <c>centos7-librdkafka</c>, …) to it, and
/// <c>libdl</c> (used by Confluent's <c>Library.Load</c>) to glibc's <c>libdl.so.2</c>.
/// </summary>
public static class KafkaNativeLibrary
{
    /// <summary>The library name of this assembly's <c>[LibraryImport]</c>s.</summary>
    internal const string ImportName = "rdkafka";

    /// <summary>The Debian package that provides the library.</summary>
    public const string DebianPackage = "librdkafka1";

    private static readonly string[] Candidates = ["librdkafka.so.1", "librdkafka.so", "librdkafka"];
    private static readonly Lock s_lock = new();
    private static nint s_handle;
    private static bool s_registered;

    /// <summary>
    /// Registers the resolvers (once) and loads the library, or throws <see cref="DllNotFoundException"/> naming the
    /// package to install. Call before using Confluent.Kafka directly; the connector's sources and sinks call it.
    /// </summary>
    public static void EnsureLoaded()
    {
        Register();
        _ = Load();
    }

    /// <summary>The librdkafka version, e.g. "2.0.2".</summary>
    public static string Version
    {
        get
        {
            EnsureLoaded();
            return Confluent.Kafka.Library.VersionString;
        }
    }

    private static void Register()
    {
        lock (s_lock)
        {
            if (s_registered) return;
            s_registered = true;
            TrySetResolver(typeof(Confluent.Kafka.Library).Assembly);
            TrySetResolver(typeof(KafkaNativeLibrary).Assembly);
        }
    }

    /// <summary>An application that registered its own resolver for the assembly keeps it.</summary>
    private static void TrySetResolver(Assembly assembly)
    {
        try { NativeLibrary.SetDllImportResolver(assembly, Resolve); }
        catch (InvalidOperationException) { }
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName == ImportName || libraryName.Contains("librdkafka", StringComparison.Ordinal)) return Load();
        if (libraryName == "libdl" && NativeLibrary.TryLoad("libdl.so.2", out nint dl)) return dl;
        return 0;
    }

    private static nint Load()
    {
        nint handle = Volatile.Read(ref s_handle);
        if (handle != 0) return handle;
        lock (s_lock)
        {
            if (s_handle != 0) return s_handle;
            foreach (string name in Candidates)
            {
                if (NativeLibrary.TryLoad(name, typeof(KafkaNativeLibrary).Assembly, DllImportSearchPath.SafeDirectories | DllImportSearchPath.AssemblyDirectory, out handle))
                {
                    Volatile.Write(ref s_handle, handle);
                    return handle;
                }
            }
        }
        throw new DllNotFoundException(
            $"The Kafka client library librdkafka could not be loaded (tried {string.Join(", ", Candidates)}). " +
            $"Install Debian's {DebianPackage} package (`apt-get install -y {DebianPackage}`; ./build.sh does this), " +
            "or put a librdkafka 2.x shared library on the loader path.");
    }
}
