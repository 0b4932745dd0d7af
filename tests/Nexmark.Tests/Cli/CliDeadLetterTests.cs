using System.Text.Json;

namespace Nexmark.Tests.Cli;

// Inside the namespace so these types win over any same-named types in the samples' Nexmark namespace.
using Compiled.Connectors.Nexmark;
using Nexmark.Tests.Reference;

/// <summary>Malformed input lines are set aside with their line numbers; the good lines still give the right result.</summary>
public sealed class CliDeadLetterTests : IDisposable
{
    /// <summary>Bad lines and the 1-based line numbers they get in the input file.</summary>
    private static readonly (int Line, string Content)[] BadLines =
    [
        (1, "this is not json"),
        (101, "{\"event_type\":2,\"person\":null,\"auction\":null,\"bid\":null}"),
        (2_502, "{\"event_type\":7}"),
        (9_000, "{\"event_type\":2,\"person\":null,\"auction\":null,\"bid\":{\"auction\":1000"),
    ];

    private readonly TempDirectory _directory = new();
    private readonly List<NexmarkEvent> _events = EventFiles.Generate(new NexmarkGeneratorConfig(), 20_000);
    private readonly string _input;

    public CliDeadLetterTests()
    {
        _input = _directory.File("events-with-errors.jsonl");
        var lines = _events.Select(e => NexmarkJson.ToJson(e)).ToList();
        foreach (var (line, content) in BadLines)
        {
            lines.Insert(line - 1, content);
        }

        File.WriteAllLines(_input, lines);
    }

    [Fact]
    public void MalformedLinesGoToTheDeadLetterFileAndTheGoodLinesAreProcessed()
    {
        string output = _directory.File("q5.jsonl");
        string deadLetters = _directory.File("dead.jsonl");

        var run = CliRunner.Run("--query", "q5", "--input", _input, "--output", output, "--dead-letters", deadLetters, "--parallelism", "4");

        Assert.True(run.ExitCode == 0, run.Err);
        Assert.Equal(NexmarkReference.Run("q5", _events), CanonicalRows.FromJsonLines(File.ReadLines(output)));
        Assert.Contains("q5: 20000 events", run.Err, StringComparison.Ordinal);
        Assert.Contains($"4 malformed input lines were written to {deadLetters}", run.Err, StringComparison.Ordinal);

        var letters = File.ReadLines(deadLetters).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        Assert.Equal(BadLines.Select(b => b.Line), letters.Select(l => l.GetProperty("line").GetInt32()).Order());
        foreach (var letter in letters)
        {
            Assert.Equal(["file", "line", "reason", "content"], letter.EnumerateObject().Select(p => p.Name));
            Assert.Equal(_input, letter.GetProperty("file").GetString());
            Assert.False(string.IsNullOrWhiteSpace(letter.GetProperty("reason").GetString()));
            int line = letter.GetProperty("line").GetInt32();
            Assert.Equal(BadLines.Single(b => b.Line == line).Content, letter.GetProperty("content").GetString());
        }
    }

    [Fact]
    public void WithoutADeadLetterFileTheCountIsReported()
    {
        var run = CliRunner.Run("--query", "q2", "--input", _input, "--parallelism", "1");

        Assert.True(run.ExitCode == 0, run.Err);
        Assert.Contains($"q2: 20000 events, {NexmarkReference.Run("q2", _events).Count} rows", run.Err, StringComparison.Ordinal);
        Assert.Contains("4 malformed input lines were skipped; pass --dead-letters FILE", run.Err, StringComparison.Ordinal);
    }

    /// <inheritdoc />
    public void Dispose() => _directory.Dispose();
}
