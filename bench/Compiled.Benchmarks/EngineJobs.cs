using Compiled.Api;
using Compiled.Cluster;
using Compiled.Connectors.Nexmark;
using Nexmark.Job;

namespace Compiled.Benchmarks;

/// <summary>Runs the Nexmark sample's query on the embedded local cluster with the generator source and a counting sink, compiled or interpreted.</summary>
internal static class EngineJobs
{
    public static long Run(string query, NexmarkGeneratorConfig config, int parallelism, bool interpreted)
    {
        var env = new StreamEnvironment(new ExecutionConfig { Parallelism = parallelism, Interpreted = interpreted });
        var results = new ResultSink(path: null);
        NexmarkJob.Build(query, NexmarkInputs.Generator(env, config.EventCount), results);
        env.Execute($"nexmark-{query}");
        return results.Rows.Count;
    }
}
