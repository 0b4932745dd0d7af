using Compiled.Api;
using Compiled.Cluster;

namespace Compiled.Tests.Support;

/// <summary>Small helpers for end-to-end jobs.</summary>
public static class TestJobs
{
    /// <summary>An environment with the given parallelism, small batches (so exchanges carry many batches) and optional chaining/clock.</summary>
    public static StreamEnvironment Env(int parallelism, bool chaining = true, TimeProvider? time = null, int batchSize = 64) =>
        new(new ExecutionConfig
        {
            Parallelism = parallelism,
            Chaining = chaining,
            BatchSize = batchSize,
            TimeProvider = time ?? TimeProvider.System,
        });
}
