using System.Text.Json;
using Compiled.Benchmarks.Suite;

namespace Compiled.Benchmarks.Report;

/// <summary>Writes a suite's outputs: the JSON results, the SVG charts, and the bench:nexmark section of the markdown file.</summary>
public static class ReportFiles
{
    /// <summary>File name of the throughput chart in the plot directory.</summary>
    public const string ThroughputChart = "nexmark-throughput.svg";

    /// <summary>File name of the latency chart in the plot directory.</summary>
    public const string LatencyChart = "nexmark-latency.svg";

    /// <summary>Writes every output <paramref name="options"/> asks for and prints the markdown to <paramref name="output"/>.</summary>
    public static void Write(SuiteReport report, SuiteOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        string? throughputChart = null, latencyChart = null;
        if (options.PlotDirectory is { } plots)
        {
            Directory.CreateDirectory(plots);
            throughputChart = Path.Combine(plots, ThroughputChart);
            latencyChart = Path.Combine(plots, LatencyChart);
            File.WriteAllText(throughputChart, SvgCharts.Throughput(report));
            File.WriteAllText(latencyChart, SvgCharts.Latency(report));
        }
        if (options.JsonPath is { } json)
        {
            if (Path.GetDirectoryName(Path.GetFullPath(json)) is { } directory) Directory.CreateDirectory(directory);
            File.WriteAllText(json, JsonSerializer.Serialize(report, SuiteJsonContext.Default.SuiteReport));
        }

        string? markdownDirectory = options.MarkdownPath is { } md ? Path.GetDirectoryName(Path.GetFullPath(md)) : null;
        string? Relative(string? path) => path is null || markdownDirectory is null
            ? null
            : Path.GetRelativePath(markdownDirectory, Path.GetFullPath(path)).Replace('\\', '/');
        string markdown = MarkdownReport.Build(report, new MarkdownReport.Links(Relative(options.JsonPath), Relative(throughputChart), Relative(latencyChart)));
        output.WriteLine(markdown);
        if (options.MarkdownPath is { } markdownPath) MarkdownSections.Write(markdownPath, "nexmark", markdown);
    }
}
