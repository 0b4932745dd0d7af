using System.Text.Json;
using Compiled.Benchmarks.Report;
using Compiled.Benchmarks.Serializers;
using Compiled.Benchmarks.Suite;

namespace Compiled.Benchmarks;

/// <summary>
/// The <c>bench</c> command line: the Nexmark suite (default), <c>--serializers</c>, <c>state</c> (state backend
/// checkpoint figures), <c>chains</c> (operator chains and steady-state allocation only), or <c>micro</c> (BenchmarkDotNet; with no further arguments every micro-benchmark with the short job).
/// </summary>
public static class BenchCommand
{
    /// <summary>Runs the command; progress goes to <paramref name="progress"/>, the report to <paramref name="output"/>. Returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter progress)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args is ["--serializers", .. var serializerArgs]) return SerializerBench.Run(serializerArgs);
        if (args is ["--postgres", ..]) return PostgresSinkBench.Run(args);
        if (args is ["state", .. var stateArgs]) return StateBackendFigures.Run(stateArgs);
        if (args is ["recovery", .. var recoveryArgs]) return RecoveryFigures.Run(recoveryArgs);
        if (args is ["checkpoint-overhead", .. var overheadArgs]) return CheckpointOverhead.Run(overheadArgs);
        if (args is ["cluster-latency", .. var latencyArgs]) return ClusterLatency.Run(latencyArgs);
        if (Compiled.Cluster.Hosting.ClusterCommandLine.Handles(args)) // the latency job's roles, started by cluster-latency
            return Compiled.Cluster.Hosting.ClusterCommandLine.Run(args, ClusterLatency.JobFactory, output, progress);
        if (args is ["kafka", .. var kafkaArgs]) return KafkaFigures.Run(kafkaArgs);
        if (args is ["chains", .. var chainArgs]) return Chains.ChainsCommand.Run(chainArgs, output);
        if (args is ["micro", .. var micro])
        {
            string[] benchmarkArgs = micro.Length == 0 ? ["--filter", "*", "--job", "short"] : micro;
            BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(BenchCommand).Assembly).Run(benchmarkArgs);
            return 0;
        }
        if (args is ["--help" or "-h", ..])
        {
            output.WriteLine(SuiteOptions.Usage);
            return 0;
        }

        SuiteOptions options;
        try
        {
            options = SuiteOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            progress.WriteLine($"error: {ex.Message}");
            progress.WriteLine(SuiteOptions.Usage);
            return 2;
        }
        if (options.FromJson is { } json)
        {
            if (!File.Exists(json))
            {
                progress.WriteLine($"error: --from-json: {json} does not exist; give the JSON file of an earlier run.");
                return 2;
            }
            var earlier = JsonSerializer.Deserialize(File.ReadAllText(json), SuiteJsonContext.Default.SuiteReport)
                ?? throw new InvalidDataException($"{json} holds no report.");
            ReportFiles.Write(earlier, options with { JsonPath = json }, output, writeJson: false);
            return 0;
        }
        var report = SuiteRunner.Run(options, progress);
        ReportFiles.Write(report, options, output);
        return 0;
    }
}
