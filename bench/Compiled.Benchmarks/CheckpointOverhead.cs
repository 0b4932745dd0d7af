using System.Globalization;
using System.Text.RegularExpressions;
using Compiled.Benchmarks.Report;
using Compiled.Testing;

namespace Compiled.Benchmarks;

/// <summary>
/// Throughput with periodic checkpoints vs without: the Nexmark job binary (the one users run) in pairs of child
/// processes, one with <c>--checkpoint-dir --checkpoint-interval</c> and one without, the order alternating from pair
/// to pair so a drift in the machine's load falls on both sides. Reports each pair's ratio and the median.
/// <c>checkpoint-overhead [--queries q5,q7] [--events N] [--pairs K] [--interval 1s] [--parallelism P] [--state-backend heap|rocksdb] [--markdown FILE]</c>.
/// </summary>
internal static partial class CheckpointOverhead
{
    private const string Usage =
        "Usage: checkpoint-overhead [--queries q5,q7] [--events N] [--pairs K] [--interval 1s] [--parallelism P] [--state-backend heap|rocksdb] [--markdown FILE]";

    public static int Run(string[] args)
    {
        string[] queries = ["q5", "q7"];
        long events = 20_000_000;
        int pairs = 6;
        string interval = "1s";
        int parallelism = 2;
        string backend = "heap";
        string? markdownPath = null;
        for (int i = 0; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length)
            {
                Console.Error.WriteLine($"Option '{args[i]}' needs a value. {Usage}");
                return 2;
            }
            string value = args[i + 1];
            switch (args[i])
            {
                case "--queries": queries = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
                case "--events": events = long.Parse(value, CultureInfo.InvariantCulture); break;
                case "--pairs": pairs = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--interval": interval = value; break;
                case "--parallelism": parallelism = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--state-backend": backend = value; break;
                case "--markdown": markdownPath = value; break;
                default:
                    Console.Error.WriteLine($"Unknown option '{args[i]}'. {Usage}");
                    return 2;
            }
        }
        if (pairs < 1 || events < 1 || parallelism < 1)
        {
            Console.Error.WriteLine($"--pairs, --events and --parallelism must be at least 1. {Usage}");
            return 2;
        }

        var rows = new List<string>();
        foreach (string query in queries)
        {
            var ratios = new List<double>();
            var without = new List<double>();
            var with = new List<double>();
            int checkpoints = 0;
            for (int pair = 0; pair < pairs; pair++)
            {
                string directory = Path.Combine(Path.GetTempPath(), $"compiled-overhead-{Environment.ProcessId}-{query}-{pair}");
                string[] baseArgs = ["--query", query, "--events", events.ToString(CultureInfo.InvariantCulture), "--parallelism", parallelism.ToString(CultureInfo.InvariantCulture)];
                string[] checkpointArgs = [.. baseArgs, "--checkpoint-dir", directory, "--checkpoint-interval", interval, "--state-backend", backend];
                try
                {
                    RunResult plain, checkpointed;
                    if (pair % 2 == 0)
                    {
                        plain = RunJob(baseArgs);
                        checkpointed = RunJob(checkpointArgs);
                    }
                    else
                    {
                        checkpointed = RunJob(checkpointArgs);
                        plain = RunJob(baseArgs);
                    }
                    without.Add(plain.EventsPerSecond);
                    with.Add(checkpointed.EventsPerSecond);
                    ratios.Add(checkpointed.EventsPerSecond / plain.EventsPerSecond);
                    checkpoints = Math.Max(checkpoints, checkpointed.Checkpoints);
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{query} pair {pair + 1}/{pairs}: without {plain.EventsPerSecond / 1e6:0.00} M/s, with {checkpointed.EventsPerSecond / 1e6:0.00} M/s ({checkpointed.Checkpoints} checkpoints): {ratios[^1]:0.000}x"));
                }
                finally
                {
                    if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
                }
            }
            rows.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {query} | {Median(without) / 1e6:0.00} M | {Median(with) / 1e6:0.00} M | {checkpoints} | **{Median(ratios):0.00}x** | {string.Join(", ", ratios.Select(r => r.ToString("0.00", CultureInfo.InvariantCulture)))} |"));
        }

        string markdown = $"""
            ## Throughput with periodic checkpoints vs without

            Command: `./build.sh bench -- checkpoint-overhead {string.Join(' ', args)}`. {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores
            (shared; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at the end). The Nexmark job binary over {events:N0} generated events at parallelism
            {parallelism}, {backend} state, in {pairs} pairs of processes: one run without checkpoints and one with `--checkpoint-interval {interval}`
            (exactly-once, local disk), the order alternating between pairs. Throughput as the job reports it (events / wall time from start to end,
            final checkpoint included). Ratio = with / without within a pair.

            | query | without (median) | with (median) | checkpoints per run | ratio (median) | pairs |
            |---|---:|---:|---:|---:|---|
            {string.Join("\n", rows)}
            """;
        Console.WriteLine(markdown);
        if (markdownPath is not null) MarkdownSections.Write(markdownPath, "checkpoint-overhead", markdown);
        return 0;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private readonly record struct RunResult(double EventsPerSecond, int Checkpoints);

    /// <summary>Runs the job binary to its end and reads its summary line ("…, 4350371 events/s, …, 5 checkpoints").</summary>
    private static RunResult RunJob(string[] args)
    {
        using var process = new ChildProcess("Nexmark.dll", args);
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
            throw new TimeoutException($"The job did not end within 10 minutes: Nexmark {process.Arguments}"); // disposing kills it
        string all = process.Log;
        var rate = RatePattern().Match(all);
        if (process.ExitCode != 0 || !rate.Success)
            throw new InvalidOperationException($"Nexmark {process.Arguments} exited with {process.ExitCode} without a summary line:\n{all}");
        var count = CheckpointsPattern().Match(all);
        return new RunResult(double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture),
            count.Success ? int.Parse(count.Groups[1].Value, CultureInfo.InvariantCulture) : 0);
    }

    [GeneratedRegex(@"(\d+) events/s")]
    private static partial Regex RatePattern();

    [GeneratedRegex(@"(\d+) checkpoints")]
    private static partial Regex CheckpointsPattern();
}
