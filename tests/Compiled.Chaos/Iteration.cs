namespace Compiled.Chaos;

/// <summary>What one iteration works with: its number, its random source, its work directory and the job's common arguments.</summary>
internal sealed class Iteration(int number, Random random, string directory, string query, long events, ExpectedOutputs expected)
{
    public int Number { get; } = number;
    public Random Random { get; } = random;
    public string Directory { get; } = directory;
    public string Query { get; } = query;
    public long Events { get; } = events;

    /// <summary>Input rate that spreads the events over about four seconds, so random kill times land mid-run on any machine.</summary>
    public long MaxRate => Math.Max(1, Events / 4);

    /// <summary>The uninterrupted run's rows.</summary>
    public List<string> Expected => expected.Of(Query, Events);

    public string Path(string name) => System.IO.Path.Combine(Directory, name);

    /// <summary>Environment of the job processes: RocksDB keeps its local databases under TMPDIR, which a killed process cannot clean.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["TMPDIR"] = Directory };

    /// <summary>A random duration between <paramref name="minMs"/> and <paramref name="maxMs"/> milliseconds.</summary>
    public TimeSpan Between(int minMs, int maxMs) => TimeSpan.FromMilliseconds(Random.Next(minMs, maxMs));
}

/// <summary>Outputs of uninterrupted runs, computed once per query and event count.</summary>
internal sealed class ExpectedOutputs(string directory)
{
    private readonly Dictionary<(string, long), List<string>> _outputs = [];

    public List<string> Of(string query, long events)
    {
        if (_outputs.TryGetValue((query, events), out var rows)) return rows;
        string file = Path.Combine(directory, $"expected-{query}-{events}.jsonl");
        using var job = new ChildProcess("Nexmark.dll", ["--query", query, "--events", $"{events}", "--parallelism", "2", "--output", file]);
        if (!job.WaitForExit(TimeSpan.FromMinutes(5)) || job.ExitCode != 0)
            throw new InvalidOperationException($"the uninterrupted run failed: {job.Arguments}\n{job.Log}");
        rows = CommittedOutput.OfFile(file);
        _outputs[(query, events)] = rows;
        return rows;
    }
}

/// <summary>How an iteration ended.</summary>
/// <param name="Passed">Whether the committed output equals the uninterrupted one.</param>
/// <param name="Description">What was done (parallelism, kills, …) and, on failure, how the outputs differ.</param>
internal readonly record struct Outcome(bool Passed, string Description);
