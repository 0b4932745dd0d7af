using System.Globalization;
using Compiled.Benchmarks.Latency;

namespace Compiled.Benchmarks.Suite;

/// <summary>Settings of a suite run, from the command line.</summary>
public sealed record SuiteOptions
{
    /// <summary>The options' usage text.</summary>
    public const string Usage = """
        usage: bench [--events N] [--queries q0,q1,...] [--parallelism 1,2] [--repetitions R]
                     [--checkpoint-interval MS] [--state-backends heap,rocksdb] [--latency-rate EVENTS_PER_S] [--latency-seconds S] [--latency-speedup X]
                     [--json FILE] [--markdown FILE] [--plots DIR] [--no-files] [--quick] [--from-json FILE]
          --events N               events per throughput run (default 2000000)
          --queries LIST           queries to run (default: all of the runner's table)
          --parallelism LIST       engine parallelisms (default 1,2)
          --repetitions R          runs per variant; the median is reported (default 3)
          --checkpoint-interval MS checkpoint interval of the checkpointed runs (default 100)
          --state-backends LIST    state backends of the checkpointed runs: heap, rocksdb (default heap)
          --latency-rate R         fixed input rate of the latency runs, events/s (default 100000)
          --latency-seconds S      length of each latency run (default 10)
          --latency-speedup X      event time runs X times faster than the wall clock in latency runs (default 1)
          --json FILE              machine-readable results (default docs/benchmarks.json)
          --markdown FILE          refreshes the bench:nexmark section of FILE (default docs/benchmarks.md)
          --plots DIR              SVG charts (default docs/img)
          --no-files               print the report only
          --from-json FILE         measure nothing: rewrite the markdown section and charts from an earlier run's JSON
          --quick                  seconds: 200000 events, 1 repetition, 0.4 s latency runs at 50x event time, no files unless given
        other commands: bench --serializers [...], bench state [...], bench chains [--records N --rounds R --events E], bench micro [BenchmarkDotNet args]
        """;

    /// <summary>Events per throughput run.</summary>
    public long Events { get; init; } = 2_000_000;

    /// <summary>Queries to run, in the order of <see cref="QueryCatalog.All"/>.</summary>
    public IReadOnlyList<IBenchQuery> Queries { get; init; } = QueryCatalog.All;

    /// <summary>Engine parallelisms.</summary>
    public IReadOnlyList<int> Parallelisms { get; init; } = [1, 2];

    /// <summary>Runs per variant (the median is reported).</summary>
    public int Repetitions { get; init; } = 3;

    /// <summary>Events of each warm-up run (0: no warm-up).</summary>
    public long WarmupEvents { get; init; } = 200_000;

    /// <summary>Checkpoint interval of the checkpointed runs.</summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>State backends of the checkpointed runs ("heap", "rocksdb").</summary>
    public IReadOnlyList<string> StateBackends { get; init; } = ["heap"];

    /// <summary>How the latency runs feed the job.</summary>
    public LatencySettings Latency { get; init; } = new(100_000, 1, TimeSpan.FromSeconds(2));

    /// <summary>Length of each latency run.</summary>
    public TimeSpan LatencyDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Records per round of the operator-chain comparison (0: skipped).</summary>
    public int ChainRecords { get; init; } = 1 << 20;

    /// <summary>Rounds of the operator-chain comparison.</summary>
    public int ChainRounds { get; init; } = 21;

    /// <summary>N of the steady-state allocation probe: it measures events N to 2N of one run of 2N + N/4.</summary>
    public long AllocationProbeEvents { get; init; } = 1_000_000;

    /// <summary>Where the JSON results go, or null.</summary>
    public string? JsonPath { get; init; } = "docs/benchmarks.json";

    /// <summary>Whose bench:nexmark section is refreshed, or null.</summary>
    public string? MarkdownPath { get; init; } = "docs/benchmarks.md";

    /// <summary>Where the SVG charts go, or null.</summary>
    public string? PlotDirectory { get; init; } = "docs/img";

    /// <summary>An earlier run's JSON to render instead of measuring, or null.</summary>
    public string? FromJson { get; init; }

    /// <summary>The command line, as reported.</summary>
    public string CommandLine { get; init; } = "";

    /// <summary>Parses the command line; throws <see cref="ArgumentException"/> naming the option that is wrong.</summary>
    public static SuiteOptions Parse(IReadOnlyList<string> args)
    {
        var options = new SuiteOptions { CommandLine = "./build.sh bench" + (args.Count > 0 ? " -- " + string.Join(' ', args) : "") };
        bool quick = args.Contains("--quick");
        if (quick) options = options.Quick();
        for (int i = 0; i < args.Count; i++)
        {
            string option = args[i];
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{option} needs a value.");
            options = option switch
            {
                "--quick" => options,
                "--events" => options with { Events = Positive(option, Next()) },
                "--queries" => options with { Queries = [.. Next().Split(',').Select(Query)] },
                "--parallelism" => options with { Parallelisms = [.. Next().Split(',').Select(p => (int)Positive(option, p))] },
                "--repetitions" => options with { Repetitions = (int)Positive(option, Next()) },
                "--checkpoint-interval" => options with { CheckpointInterval = TimeSpan.FromMilliseconds(Math.Max(10, Positive(option, Next()))) },
                "--state-backends" => options with { StateBackends = [.. Next().Split(',').Select(StateBackend)] },
                "--latency-rate" => options with { Latency = options.Latency with { EventsPerSecond = (int)Positive(option, Next()) } },
                "--latency-seconds" => options with { LatencyDuration = TimeSpan.FromSeconds(PositiveDouble(option, Next())) },
                "--latency-speedup" => options with { Latency = options.Latency with { Speedup = PositiveDouble(option, Next()) } },
                "--json" => options with { JsonPath = Next() },
                "--markdown" => options with { MarkdownPath = Next() },
                "--plots" => options with { PlotDirectory = Next() },
                "--from-json" => options with { FromJson = Next() },
                "--no-files" => options with { JsonPath = null, MarkdownPath = null, PlotDirectory = null },
                _ => throw new ArgumentException($"Unknown option '{option}'."),
            };
        }
        if (quick)
        {
            // A quick run is a smoke test: it never overwrites the committed results unless told where to write.
            options = options with
            {
                JsonPath = args.Contains("--json") ? options.JsonPath : null,
                MarkdownPath = args.Contains("--markdown") ? options.MarkdownPath : null,
                PlotDirectory = args.Contains("--plots") ? options.PlotDirectory : null,
            };
        }
        options.Latency.Validate();
        return options;
    }

    private SuiteOptions Quick() => this with
    {
        Events = 200_000,
        Repetitions = 1,
        WarmupEvents = 0,
        CheckpointInterval = TimeSpan.FromMilliseconds(20),
        Latency = new LatencySettings(20_000, 50, TimeSpan.FromMilliseconds(80)),
        LatencyDuration = TimeSpan.FromSeconds(0.4),
        ChainRecords = 1 << 14,
        ChainRounds = 3,
        AllocationProbeEvents = 100_000,
    };

    private static IBenchQuery Query(string name) => QueryCatalog.Find(name)
        ?? throw new ArgumentException($"Unknown query '{name}': the runner knows {string.Join(", ", QueryCatalog.All.Select(q => q.Name))}.");

    private static string StateBackend(string name) => name.Trim().ToLowerInvariant() is "heap" or "rocksdb"
        ? name.Trim().ToLowerInvariant()
        : throw new ArgumentException($"Unknown state backend '{name}': use heap or rocksdb.");

    private static long Positive(string option, string value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) && n > 0 ? n
            : throw new ArgumentException($"{option} needs a positive whole number, got '{value}'.");

    private static double PositiveDouble(string option, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) && x > 0 ? x
            : throw new ArgumentException($"{option} needs a positive number, got '{value}'.");
}
