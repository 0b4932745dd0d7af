namespace Nexmark.Tests.Cli;

// Inside the namespace so these types win over any same-named types in the samples' Nexmark namespace.
using Compiled.Connectors.Nexmark;
using Nexmark.Tests.Queries;
using Nexmark.Tests.Reference;

/// <summary>The command line end to end: generate, run over files and over the generator, summaries, help.</summary>
public sealed class CliRunTests : IDisposable
{
    private const int EventCount = 30_000;

    private readonly TempDirectory _directory = new();

    /// <summary>What the CLI's generator produces: the default configuration.</summary>
    private static List<NexmarkEvent> GeneratedEvents(int count) => EventFiles.Generate(new NexmarkGeneratorConfig(), count);

    [Theory]
    [InlineData("q5")]
    [InlineData("q8")]
    [InlineData("q11")]
    public void GenerateThenRunEqualsTheReference(string query)
    {
        string events = _directory.File("events.jsonl");
        string output = _directory.File(query + ".jsonl");

        var generate = CliRunner.Run("generate", "--events", EventCount.ToString(), "--output", events);
        Assert.True(generate.ExitCode == 0, generate.Err);
        var expectedEvents = GeneratedEvents(EventCount);
        Assert.Equal(expectedEvents.Select(e => NexmarkJson.ToJson(e)), File.ReadLines(events));

        var run = CliRunner.Run("--query", query, "--input", events, "--output", output, "--parallelism", "2");
        Assert.True(run.ExitCode == 0, run.Err);

        List<string> expected = NexmarkReference.Run(query, expectedEvents);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, CanonicalRows.FromJsonLines(File.ReadLines(output)));
        Assert.Contains($"{query}: {EventCount} events, {expected.Count} rows", run.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("q3")]
    [InlineData("q7")]
    public void RunOverTheParallelGeneratorEqualsTheReference(string query)
    {
        string output = _directory.File(query + ".jsonl");

        var run = CliRunner.Run("run", "--query", query, "--events", "50000", "--output", output, "--parallelism", "4");

        Assert.True(run.ExitCode == 0, run.Err);
        List<string> expected = NexmarkReference.Run(query, GeneratedEvents(50_000));
        Assert.NotEmpty(expected);
        Assert.Equal(expected, CanonicalRows.FromJsonLines(File.ReadLines(output)));
    }

    [Fact]
    public void Q10WritesPartitionDirectoriesAndAFreshRunReplacesThem()
    {
        string output = _directory.File("q10");

        foreach (int events in new[] { 30_000, 20_000 })
        {
            var run = CliRunner.Run("--query", "q10", "--events", events.ToString(), "--output", output, "--parallelism", "2");

            Assert.True(run.ExitCode == 0, run.Err);
            Assert.Equal(NexmarkReference.Run("q10", GeneratedEvents(events)), QueryOutput.PartitionedRows(output));
        }
    }

    [Fact]
    public void Q13JoinsTheSideInputFile()
    {
        string side = _directory.File("side.csv");
        File.WriteAllLines(side, ["# not a row", ""], System.Text.Encoding.UTF8);
        var bad = CliRunner.Run("--query", "q13", "--events", "1000", "--side-input", side);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains($"Side input '{side}' line 1: expected 'key,value'", bad.Err, StringComparison.Ordinal);

        File.WriteAllLines(side, Enumerable.Range(0, 10_000).Where(k => k % 3 != 0).Select(k => $"{k},v{k}"));
        string output = _directory.File("q13.jsonl");
        var run = CliRunner.Run("--query", "q13", "--events", "30000", "--side-input", side, "--output", output, "--parallelism", "2");

        Assert.True(run.ExitCode == 0, run.Err);
        var sideRows = Enumerable.Range(0, 10_000).Where(k => k % 3 != 0).Select(k => ((long)k, $"v{k}")).ToList();
        List<string> expected = NexmarkReference.Run("q13", GeneratedEvents(30_000), sideRows);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, CanonicalRows.FromJsonLines(File.ReadLines(output)));
    }

    [Fact]
    public void Q16WritesAChangelogWhoseFinalTableIsTheReference()
    {
        string output = _directory.File("q16.jsonl");

        var run = CliRunner.Run("--query", "q16", "--events", "30000", "--output", output, "--parallelism", "2");

        Assert.True(run.ExitCode == 0, run.Err);
        Assert.StartsWith("{\"op\":\"+I\",\"channel\":", File.ReadLines(output).First(), StringComparison.Ordinal);
        Assert.Equal(NexmarkReference.Run("q16", GeneratedEvents(30_000)), Changelog.Fold(File.ReadLines(output)).Rows);
    }

    [Fact]
    public void WithoutOutputOnlyTheSummaryIsPrinted()
    {
        var run = CliRunner.Run("--query", "Q2", "--events", "20000", "--parallelism", "3");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Out);
        int rows = NexmarkReference.Run("q2", GeneratedEvents(20_000)).Count;
        Assert.Matches($@"^q2: 20000 events, {rows} rows, [0-9.]+ s, [0-9]+ events/s", run.Err);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_directory.Path));
    }

    [Fact]
    public void HelpPrintsUsage()
    {
        var help = CliRunner.Run("--help");

        Assert.Equal(0, help.ExitCode);
        Assert.Contains("Usage:", help.Out, StringComparison.Ordinal);
        Assert.Contains("--dead-letters FILE", help.Out, StringComparison.Ordinal);
        Assert.Contains("q0, q1, q2, q3, q5, q7, q8, q10, q11, q12, q13, q14, q15, q16, q17, q18, q19, q20, q21, q22", help.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void AFailingJobExitsWithOneAndTheReason()
    {
        string output = _directory.File("rows.jsonl");
        Directory.CreateDirectory(_directory.File(".rows.jsonl.inprogress")); // the sink cannot create its in-progress file

        var run = CliRunner.Run("--query", "q0", "--events", "1000", "--output", output, "--parallelism", "1");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("job failed", run.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    /// <inheritdoc />
    public void Dispose() => _directory.Dispose();
}
