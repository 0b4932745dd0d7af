using System.Globalization;
using System.Text.RegularExpressions;

namespace Compiled.Benchmarks.Tests;

/// <summary>
/// The checkpoint-overhead command end to end: it runs the Nexmark job binary with and without checkpoints and writes
/// its markdown section. Sanity of the figures only (a run with checkpoints took some), never speed.
/// </summary>
public class CheckpointOverheadTests
{
    [Fact]
    public void APairOfRunsWritesTheRatioAndTheCheckpointCount()
    {
        using var dir = new TempDirectory();
        string markdown = Path.Combine(dir.Path, "benchmarks.md");

        int exit = BenchCommand.Run(["checkpoint-overhead", "--queries", "q7", "--events", "400000", "--pairs", "1", "--interval", "20ms", "--markdown", markdown],
            TextWriter.Null, TextWriter.Null);

        Assert.Equal(0, exit);
        string text = File.ReadAllText(markdown);
        Assert.Contains("<!-- bench:checkpoint-overhead -->", text, StringComparison.Ordinal);
        var row = Regex.Match(text, @"\| q7 \| ([\d.]+) M \| ([\d.]+) M \| (\d+) \| \*\*([\d.]+)x\*\* \|");
        Assert.True(row.Success, text);
        Assert.True(int.Parse(row.Groups[3].Value, CultureInfo.InvariantCulture) >= 1, "the run with checkpoints completed none");
        Assert.True(double.Parse(row.Groups[4].Value, CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public void AnUnknownOptionFailsWithTheUsage()
    {
        Assert.Equal(2, BenchCommand.Run(["checkpoint-overhead", "--pair", "3"], TextWriter.Null, TextWriter.Null));
    }
}
