using System.Runtime.CompilerServices;

namespace Compiled.Generators.Tests.Support;

/// <summary>
/// Hand-made snapshot check: compares text with <c>Snapshots/NAME.verified.cs</c> next to the calling test file. On a mismatch
/// it writes <c>NAME.received.cs</c> beside it and fails with a diff hint. Set UPDATE_SNAPSHOTS=1 to accept.
/// </summary>
internal static class Snapshot
{
    public static void Verify(string name, string actual, [CallerFilePath] string callerFile = "")
    {
        string directory = Path.Combine(Path.GetDirectoryName(callerFile)!, "Snapshots");
        string verified = Path.Combine(directory, name + ".verified.cs");
        string received = Path.Combine(directory, name + ".received.cs");
        actual = actual.Replace("\r\n", "\n");
        if (Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(verified, actual);
        }
        string? expected = File.Exists(verified) ? File.ReadAllText(verified).Replace("\r\n", "\n") : null;
        if (expected == actual)
        {
            if (File.Exists(received)) File.Delete(received);
            return;
        }
        Directory.CreateDirectory(directory);
        File.WriteAllText(received, actual);
        if (expected is null) Assert.Fail($"No snapshot {verified}. Review {received} and rename it to .verified.cs (or run with UPDATE_SNAPSHOTS=1).");
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        int line = 0;
        while (line < e.Length && line < a.Length && e[line] == a[line]) line++;
        Assert.Fail($"Generated code differs from {verified} at line {line + 1}:\n  verified: {(line < e.Length ? e[line] : "<end>")}\n  received: {(line < a.Length ? a[line] : "<end>")}\n" +
                    $"Diff with: diff {verified} {received}; if intended, replace the verified file (or run with UPDATE_SNAPSHOTS=1).");
    }
}
