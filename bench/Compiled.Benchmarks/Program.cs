using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Compiled.Connectors.Nexmark;

namespace Compiled.Benchmarks;

/// <summary>
/// Nexmark throughput runner: every query on the engine (compiled and interpreted) at each parallelism and as a
/// hand-written loop, in one process and one run, so the ratios are comparable on a shared machine.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args is ["--serializers", .. var serializerArgs]) return SerializerBench.Run(serializerArgs);
        if (args is ["--postgres", ..]) return PostgresSinkBench.Run(args);
        if (args is ["state", .. var stateArgs]) return StateBackendFigures.Run(stateArgs);
        if (args is ["cluster-latency", .. var latencyArgs]) return ClusterLatency.Run(latencyArgs);
        if (args is ["kafka", .. var kafkaArgs]) return KafkaFigures.Run(kafkaArgs);
        if (args is ["micro", .. var rest])
        {
            BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(rest);
            return 0;
        }
        var options = BenchOptions.Parse(args);
        if (options is null) return 2;

        Console.Error.WriteLine("operator chains (q1, q2): loop vs compiled vs interpreted ...");
        string chains = ChainMeasurements.Run(records: 1 << 20, rounds: 11);
        Console.Error.WriteLine("steady-state allocation per event (q1, q2, q5, q7) ...");
        string allocations = AllocationProbe.Run(events: 1_000_000);

        Console.Error.WriteLine($"warming up (JIT) ...");
        foreach (var q in options.Queries)
        {
            var warm = Config(200_000);
            HandWrittenQueries.Run(q, warm);
            foreach (var p in options.Parallelisms)
            {
                EngineJobs.Run(q, warm, p, interpreted: false);
                EngineJobs.Run(q, warm, p, interpreted: true);
            }
        }

        var results = new List<BenchResult>();
        foreach (var q in options.Queries)
        {
            var config = Config(options.Events);
            results.Add(Measure(q, "hand-written loop", 1, options, () => HandWrittenQueries.Run(q, config)));
            foreach (var p in options.Parallelisms)
            {
                results.Add(Measure(q, "engine, compiled", p, options, () => EngineJobs.Run(q, config, p, interpreted: false)));
                results.Add(Measure(q, "engine, interpreted", p, options, () => EngineJobs.Run(q, config, p, interpreted: true)));
            }
        }

        string markdown = Report.Markdown(results, options, string.Join(' ', args), chains, allocations);
        Console.WriteLine(markdown);
        if (options.MarkdownPath is { } md) MarkdownSections.Write(md, "nexmark", markdown);
        if (options.JsonPath is { } json) File.WriteAllText(json, JsonSerializer.Serialize(results, BenchJsonContext.Default.ListBenchResult));
        return 0;
    }

    private static NexmarkGeneratorConfig Config(long events) => new() { EventCount = events };

    private static BenchResult Measure(string query, string variant, int parallelism, BenchOptions options, Func<long> run)
    {
        var samples = new List<double>();
        long rows = 0, allocated = 0;
        for (int i = 0; i < options.Repetitions; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            long gcBefore = GC.CollectionCount(0) + GC.CollectionCount(1) + GC.CollectionCount(2);
            long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var sw = Stopwatch.StartNew();
            rows = run();
            sw.Stop();
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            samples.Add(sw.Elapsed.TotalSeconds);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {query,-4} {variant,-22} p={parallelism}  run {i + 1}: {options.Events / sw.Elapsed.TotalSeconds / 1e6,7:F2} M events/s  ({rows} rows, {GC.CollectionCount(0) + GC.CollectionCount(1) + GC.CollectionCount(2) - gcBefore} GCs)"));
        }
        double median = samples.Order().ElementAt(samples.Count / 2);
        return new BenchResult(query, variant, parallelism, options.Events, rows, median, options.Events / median, (double)allocated / options.Events);
    }
}

/// <summary>One measured configuration (median of the repetitions).</summary>
public sealed record BenchResult(string Query, string Variant, int Parallelism, long Events, long Rows, double Seconds, double EventsPerSecond, double AllocatedBytesPerEvent);

[System.Text.Json.Serialization.JsonSerializable(typeof(List<BenchResult>))]
[System.Text.Json.Serialization.JsonSourceGenerationOptions(WriteIndented = true)]
internal sealed partial class BenchJsonContext : System.Text.Json.Serialization.JsonSerializerContext;

internal sealed record BenchOptions(long Events, string[] Queries, int[] Parallelisms, int Repetitions, string? MarkdownPath, string? JsonPath)
{
    public static BenchOptions? Parse(string[] args)
    {
        long events = 5_000_000;
        string[] queries = ["q0", "q1", "q2", "q5", "q7"];
        int[] parallelisms = [1, 2];
        int repetitions = 3;
        string? md = "docs/benchmarks.md", json = "docs/benchmarks.json";
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            try
            {
                switch (args[i])
                {
                    case "--events": events = long.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--queries": queries = Next().Split(','); break;
                    case "--parallelism": parallelisms = [.. Next().Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))]; break;
                    case "--repetitions": repetitions = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--markdown": md = Next(); break;
                    case "--json": json = Next(); break;
                    case "--no-files": md = json = null; break;
                    default: throw new ArgumentException($"unknown option '{args[i]}'");
                }
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException)
            {
                Console.Error.WriteLine($"error: {ex.Message}\nusage: bench [--events N] [--queries q0,q1,q2,q5,q7] [--parallelism 1,2] [--repetitions 3] [--markdown FILE] [--json FILE] [--no-files]");
                return null;
            }
        }
        return new BenchOptions(events, queries, parallelisms, repetitions, md, json);
    }
}

internal static class Report
{
    public static string Markdown(List<BenchResult> results, BenchOptions options, string args, string chains, string allocations)
    {
        var sb = new StringBuilder();
        sb.AppendLine("## Nexmark throughput: engine vs hand-written loop");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Command: `./build.sh bench{(args.Length > 0 ? " -- " + args : "")}`  ");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}  ");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Input: {options.Events:N0} generated Nexmark events (bids are 46/50 of them), generator source, counting sink; median of {options.Repetitions} runs after a warm-up.");
        sb.AppendLine();
        sb.AppendLine("The hand-written loop is one thread doing the same computation over the same generator with no engine;");
        sb.AppendLine("the engine runs the sample's query with the given parallelism, compiled (the generator's fused chains and struct key");
        sb.AppendLine("selectors) and interpreted (the same operators calling the lambdas through delegates). All include generating the events.");
        sb.AppendLine("time vs loop = variant time / loop time (lower is better). Allocated bytes per event over the whole run (all threads),");
        sb.AppendLine("including the generator's strings for persons and auctions and the per-run setup.");
        sb.AppendLine();
        sb.AppendLine("| query | variant | parallelism | events/s | events/s per core | rows | time vs loop | allocated B/event |");
        sb.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            var loop = results.First(x => x.Query == r.Query && x.Variant.StartsWith("hand", StringComparison.Ordinal));
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Query} | {r.Variant} | {r.Parallelism} | {r.EventsPerSecond / 1e6:F2} M | {r.EventsPerSecond / Math.Min(r.Parallelism, Environment.ProcessorCount) / 1e6:F2} M | {r.Rows:N0} | {r.Seconds / loop.Seconds:F2}x | {r.AllocatedBytesPerEvent:F1} |");
        }
        sb.AppendLine();
        sb.AppendLine("## Operator chains: compiled vs interpreted vs hand-written loop (q1, q2)");
        sb.AppendLine();
        sb.AppendLine("The operators between the bid input and the sink, wired as in a task, fed 1,048,576 in-memory bids (no source,");
        sb.AppendLine("threads or channels); median of 11 interleaved rounds. Allocated bytes from GC.GetAllocatedBytesForCurrentThread.");
        sb.AppendLine("\"+ sink call\" is the same loop handing each row to a consumer through one virtual call, as the chain hands rows to its sink.");
        sb.AppendLine("Same command as above; BenchmarkDotNet versions: `./build.sh bench -- micro --filter *ChainBenchmarks*`.");
        sb.AppendLine();
        sb.Append(chains);
        sb.AppendLine();
        sb.AppendLine("## Steady-state allocation per event (engine, compiled, parallelism 1)");
        sb.AppendLine();
        sb.AppendLine("Bids-only generator source (allocates nothing itself), counting sink; marginal bytes between runs of 1M and 2M events,");
        sb.AppendLine("so per-run setup cancels out. Same command as above.");
        sb.AppendLine();
        sb.Append(allocations);
        return sb.ToString();
    }
}
