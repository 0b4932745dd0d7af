namespace Nexmark.Tests.Cli;

/// <summary>Bad command lines exit with code 2 and a message that says what to change.</summary>
public sealed class CliArgumentTests
{
    private static readonly string Missing = Path.Combine(Path.GetTempPath(), "nexmark-missing-" + Guid.NewGuid().ToString("N"));

    public static TheoryData<string[], string> BadArguments() => new()
    {
        { [], "Missing --query: choose one of q0, q1, q2, q3, q5, q7, q8, q10, q11, q12, q13, q14, q15, q16, q17, q18, q19, q20, q21, q22" },
        { ["--events", "10"], "Missing --query" },
        { ["--query", "q4"], "Unknown query 'q4': valid queries are q0, q1, q2, q3, q5, q7, q8, q10, q11, q12, q13, q14, q15, q16, q17, q18, q19, q20, q21, q22" },
        { ["--query"], "Option --query needs a value" },
        { ["--query", "--events", "5"], "Option --query needs a value" },
        { ["--query", "q5", "--events", "ten"], "--events must be a positive whole number, got 'ten'" },
        { ["--query", "q5", "--events", "0"], "--events must be a positive whole number, got '0'" },
        { ["--query", "q5", "--parallelism", "-2"], "--parallelism must be a positive whole number, got '-2'" },
        { ["--query", "q5", "--max-rate", "0"], "--max-rate must be a positive whole number, got '0'" },
        { ["--query", "q5", "--max-output-rate", "-3"], "--max-output-rate must be a positive whole number, got '-3'" },
        { ["--query", "q5", "--input", Path.Combine(Missing, "events.jsonl")], "does not exist: check the --input path" },
        { ["--query", "q5", "--input", "x.jsonl", "--events", "5"], "Use either --events N (generated input) or --input FILE, not both" },
        { ["--query", "q5", "--output", Path.Combine(Missing, "out.jsonl")], "does not exist; create it or choose another path" },
        { ["--query", "q5", "--dead-letters", "dead.jsonl"], "--dead-letters applies to --input files and --input-topic only" },
        { ["--query", "q5", "--frobnicate", "1"], "Unknown option '--frobnicate' for 'run': valid options are --query, --events" },
        { ["--query", "q5", "--query", "q7"], "Option --query is given twice" },
        { ["--query", "q5", "stray"], "Unexpected argument 'stray'" },
        { ["frobnicate"], "Unknown command 'frobnicate': use 'run' (the default), 'generate' or 'produce'" },
        { ["generate", "--events", "10"], "Missing --output" },
        { ["generate", "--output", "events.jsonl"], "Missing --events" },
        { ["generate", "--events", "10", "--output", "e.jsonl", "--query", "q5"], "Unknown option '--query' for 'generate'" },
        { ["--query", "q5", "--checkpoint-interval", "200ms"], "--checkpoint-interval needs --checkpoint-dir DIR" },
        { ["--query", "q5", "--checkpoint-dir", "chk", "--checkpoint-interval", "fast"], "--checkpoint-interval must be a positive duration like 200ms" },
        { ["--query", "q5", "--checkpoint-dir", "chk", "--checkpoint-interval", "5ms"], "--checkpoint-interval must be at least 10ms" },
        { ["--query", "q5", "--state-backend", "disk"], "Unknown --state-backend 'disk': use heap or rocksdb" },
        { ["--query", "q5", "--from-checkpoint", "latest"], "--from-checkpoint latest needs --checkpoint-dir DIR" },
        { ["--query", "q5", "--from-checkpoint", Path.Combine(Missing, "chk-3")], "does not exist: give the path of a chk-N directory" },
        { ["--query", "q5", "--checkpoint-dir", "c", "--from-checkpoint", "latest", "--from-savepoint", "s"], "Give either --from-checkpoint or --from-savepoint, not both" },
        { ["--query", "q5", "--checkpoint-dir", Path.Combine(Missing, "chk")], "--checkpoint-dir: directory" },
        { ["--query", "q13"], "q13 joins bids with a side input: add --side-input FILE" },
        { ["--query", "q5", "--side-input", "side.csv"], "--side-input applies to q13 only; remove it for q5" },
        { ["--query", "q13", "--side-input", Path.Combine(Missing, "side.csv")], "does not exist: check the --side-input path" },
        { ["--query", "q10", "--output", Path.Combine(Missing, "table")], "does not exist; create it or choose another path" },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public void ExitWithTwoAndSayWhatToChange(string[] args, string message)
    {
        var run = CliRunner.Run(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Err, StringComparison.Ordinal);
        Assert.Contains("Nexmark --help", run.Err, StringComparison.Ordinal);
        Assert.Equal("", run.Out);
    }
}
