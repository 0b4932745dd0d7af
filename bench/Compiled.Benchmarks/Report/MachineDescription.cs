using System.Runtime.InteropServices;

namespace Compiled.Benchmarks.Report;

/// <summary>Describes the machine a run happens on (processor model and load from /proc on Linux).</summary>
internal static class MachineDescription
{
    public static MachineInfo Current() => new(
        Environment.ProcessorCount,
        ReadProc("/proc/cpuinfo", text => text.Split('\n').FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        ReadProc("/proc/loadavg", text => string.Join(' ', text.Split(' ').Take(3))));

    private static string ReadProc(string path, Func<string, string?> pick)
    {
        try
        {
            return File.Exists(path) ? pick(File.ReadAllText(path)) ?? "unknown" : "unknown";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
