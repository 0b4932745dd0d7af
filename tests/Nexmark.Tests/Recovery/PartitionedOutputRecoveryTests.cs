namespace Nexmark.Tests.Recovery;

// Inside the namespace so these types win over any same-named types in the samples' Nexmark namespace.
using Compiled.Api;
using Compiled.Checkpointing.Storage;
using Compiled.Cluster;
using Compiled.Connectors.Nexmark;
using Nexmark.Job;
using Nexmark.Queries;
using Nexmark.Tests.Queries;
using Nexmark.Tests.Reference;

/// <summary>
/// q10 with checkpoints fails once midway (after a checkpoint completed) and is restarted from the latest checkpoint:
/// every partition directory must then hold exactly the reference's rows, none lost or written twice.
/// </summary>
public sealed class PartitionedOutputRecoveryTests : IDisposable
{
    private const int Events = 60_000;

    /// <summary>300 events per second of event time: 200 s of bids spread over four minute partitions.</summary>
    private static readonly NexmarkGeneratorConfig Config = new() { FirstEventRate = 300 };

    private static int s_failAfter;
    private static int s_failuresLeft;
    private static string s_checkpoints = "";

    private readonly TempDirectory _directory = new();

    [Fact]
    public void AFailedAndRestartedRunCommitsEveryPartitionExactlyOnce()
    {
        string output = _directory.File("q10");
        s_checkpoints = _directory.File("checkpoints");
        s_failAfter = Events * 6 / 10;
        s_failuresLeft = 1;
        var env = new StreamEnvironment(new ExecutionConfig
        {
            Parallelism = 2,
            Checkpointing = new CheckpointConfig(s_checkpoints, TimeSpan.FromMilliseconds(100)),
            RestartStrategy = RestartStrategy.FixedDelay(attempts: 2, delay: TimeSpan.FromMilliseconds(10)),
        });
        var bids = NexmarkInputs.Generator(env, Events, Config).Bids().Map(static b => ShouldFail() ? Fail(b) : b, "fails once");
        new ResultSink(output, partFiles: true).WritePartitioned(Q10.Build(bids), Q10.PartitionOf, Q10.PartitionDirectory, "q10 sink");

        var result = env.Execute("q10-recovery");

        Assert.Equal(1, result.Restarts);
        Assert.NotNull(result.RestoredCheckpoint);
        var expected = NexmarkReference.Run("q10", EventFiles.Generate(Config, Events));
        Assert.True(expected.Select(r => r[r.IndexOf("|hm=", StringComparison.Ordinal)..]).Distinct().Count() >= 3, "the input spans too few partitions");
        Assert.Equal(expected, QueryOutput.PartitionedRows(output));
    }

    /// <summary>Fails once, past the threshold and only once a checkpoint has completed (so a slow machine still restores from one).</summary>
    private static bool ShouldFail()
    {
        if (Interlocked.Decrement(ref s_failAfter) > 0 || Volatile.Read(ref s_failuresLeft) <= 0) return false;
        bool checkpointed = Directory.Exists(s_checkpoints) && Directory.EnumerateDirectories(s_checkpoints, "chk-*")
            .Any(d => File.Exists(Path.Combine(d, FileCheckpointStorage.MetadataFileName)));
        if (!checkpointed)
        {
            Interlocked.Exchange(ref s_failAfter, 1_000);
            return false;
        }

        return Interlocked.Decrement(ref s_failuresLeft) >= 0;
    }

    private static Bid Fail(in Bid bid) => throw new InvalidOperationException($"injected failure at bid {bid.Auction}");

    /// <inheritdoc />
    public void Dispose() => _directory.Dispose();
}
