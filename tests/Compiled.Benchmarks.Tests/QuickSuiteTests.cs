using System.Text.Json;
using System.Xml.Linq;
using Compiled.Benchmarks.Report;
using Compiled.Benchmarks.Suite;

namespace Compiled.Benchmarks.Tests;

/// <summary>
/// The runner end to end in its quick mode, through its command line: it must write JSON with every query and
/// variant and sane figures, the markdown section and both charts. Figures are checked for sanity, never for speed.
/// </summary>
public class QuickSuiteTests
{
    [Fact]
    public void AQuickRunReportsEveryQueryAndVariantInJsonMarkdownAndCharts()
    {
        using var dir = new TempDirectory();
        string json = Path.Combine(dir.Path, "results.json"), markdown = Path.Combine(dir.Path, "docs", "benchmarks.md"), plots = Path.Combine(dir.Path, "docs", "img");
        Directory.CreateDirectory(Path.GetDirectoryName(markdown)!);
        File.WriteAllText(markdown, "# Benchmarks\n\nHand-written text stays.\n");
        var output = new StringWriter();
        var progress = new StringWriter();

        int exit = BenchCommand.Run(["--quick", "--json", json, "--markdown", markdown, "--plots", plots], output, progress);

        Assert.True(exit == 0, progress.ToString());
        var report = JsonSerializer.Deserialize(File.ReadAllText(json), SuiteJsonContext.Default.SuiteReport)!;
        Assert.Equal(200_000, report.Settings.Events);
        Assert.True(report.GeneratorEventsPerSecond > 0);
        foreach (var query in QueryCatalog.All)
        {
            var runs = report.Throughput.Where(r => r.Query == query.Name).ToList();
            var expected = new List<(string, int)>();
            if (query.HasHandWrittenLoop) expected.Add((Variants.HandWrittenLoop, 1));
            if (query.HasRx) expected.Add((Variants.Rx, 1));
            foreach (int p in new[] { 1, 2 }) expected.AddRange([(Variants.Compiled, p), (Variants.Interpreted, p)]);
            Assert.Equal(expected.Order(), runs.Select(r => (r.Variant, r.Parallelism)).Order());
            foreach (var r in runs)
            {
                Assert.True(r.Seconds > 0 && r.EventsPerSecond > 0 && r.EventsPerCoreSecond > 0, $"{r.Query} {r.Variant}: no throughput");
                Assert.True(r.AllocatedBytesPerEvent > 0, $"{r.Query} {r.Variant}: the generator allocates, so some bytes must be counted");
                Assert.True(r.Gen0Collections >= 0 && r.Gen1Collections >= 0 && r.Gen2Collections >= 0 && r.GcPauseMilliseconds >= 0);
            }
            Assert.True(runs[0].Rows > 0, $"{query.Name} produced no rows");
            // Every variant computes the same result; a changelog's update rows depend on how parallel inputs interleave.
            var comparable = runs.Where(r => !query.IsChangelog || r.Parallelism == 1).ToList();
            if (query.Kind != QueryKind.ProcessingTime)
                Assert.True(comparable.All(r => r.Rows == comparable[0].Rows), $"{query.Name}: rows differ: {string.Join(", ", comparable.Select(r => $"{r.Variant} p={r.Parallelism} {r.Rows}"))}");

            var checkpoints = Assert.Single(report.Checkpoints, c => c.Query == query.Name && c.StateBackend == "heap");
            Assert.True(checkpoints.Error is not null || checkpoints.EventsPerSecond > 0, $"{query.Name}: checkpointed run without throughput");
            Assert.True(checkpoints.DurationP50Ms <= checkpoints.DurationMaxMs && checkpoints.SizeP50Bytes <= checkpoints.SizeMaxBytes);

            var latency = Assert.Single(report.Latency, l => l.Query == query.Name);
            Assert.Null(latency.Error);
            Assert.True(latency.P50Ms <= latency.P99Ms && latency.P99Ms <= latency.MaxMs, $"{query.Name}: percentiles out of order");
            Assert.Equal(LatencyResult.Percentiles, latency.Distribution.Select(d => d.Percentile));
            if (query.Kind == QueryKind.Stateless) Assert.True(latency.Samples > 0 && latency.MaxMs > 0, $"{query.Name}: no latency measured");
        }
        Assert.Equal(["q1", "q2", "q5", "q7"], report.SteadyStateAllocation.Select(a => a.Query));
        Assert.NotEmpty(report.Chains);
        Assert.NotEmpty(report.Targets);

        string text = File.ReadAllText(markdown);
        Assert.Contains("Hand-written text stays.", text, StringComparison.Ordinal);
        Assert.Contains("<!-- bench:nexmark -->", text, StringComparison.Ordinal);
        Assert.Contains("](img/nexmark-throughput.svg)", text, StringComparison.Ordinal);
        Assert.Contains("](img/nexmark-latency.svg)", text, StringComparison.Ordinal);
        Assert.Contains("](../results.json)", text, StringComparison.Ordinal);

        XNamespace svg = "http://www.w3.org/2000/svg";
        var bars = XDocument.Load(Path.Combine(plots, ReportFiles.ThroughputChart)).Descendants(svg + "rect").Where(r => r.Element(svg + "title") is not null);
        Assert.Equal(report.Throughput.Count, bars.Count());
        var curves = XDocument.Load(Path.Combine(plots, ReportFiles.LatencyChart)).Descendants(svg + "polyline");
        Assert.Equal(report.Latency.Count(l => l.Samples > 0), curves.Count());
    }

    [Fact]
    public void BadOptionsFailWithAMessageNamingTheOption()
    {
        var progress = new StringWriter();
        Assert.Equal(2, BenchCommand.Run(["--events", "lots"], new StringWriter(), progress));
        Assert.Contains("--events needs a positive whole number", progress.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, BenchCommand.Run(["--queries", "q99"], new StringWriter(), progress));
        Assert.Contains("Unknown query 'q99'", progress.ToString(), StringComparison.Ordinal);
    }
}
