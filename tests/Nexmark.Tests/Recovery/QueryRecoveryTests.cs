using System.Globalization;

namespace Nexmark.Tests.Recovery;

// Inside the namespace so these types win over any same-named types in the samples' Nexmark namespace.
using Compiled.Api;
using Compiled.Checkpointing.Storage;
using Compiled.Cluster;
using Compiled.Connectors.Nexmark;
using Compiled.State;
using Compiled.State.Heap;
using Compiled.State.RocksDb.Backend;
using Nexmark.Job;
using Nexmark.Queries;
using Nexmark.Tests.Queries;
using Nexmark.Tests.Reference;

/// <summary>
/// Every deterministic query with checkpoints fails once midway (after a checkpoint completed) and is restarted from
/// the latest checkpoint; its committed output must then give exactly the reference's table (q10's partition
/// directories, a changelog's folded table, every other query's rows), none lost or written twice. This also proves
/// that every query's state can be checkpointed (each state type has a serializer). q12's processing-time windows
/// depend on the wall clock, so it has no reference table.
/// </summary>
public sealed class QueryRecoveryTests : IDisposable
{
    private const int Events = 40_000;

    /// <summary>200 events per second of event time: 200 s of bids, so q10 has four minute partitions.</summary>
    private static readonly NexmarkGeneratorConfig Config = new() { FirstEventRate = 200 };

    private static int s_failAfter;
    private static int s_failuresLeft;
    private static string s_checkpoints = "";

    /// <summary>q13's side input: every key below 10,000 except multiples of 7 (so some bids find no row).</summary>
    private static readonly List<(long Key, string Value)> SideInputRows =
        [.. Enumerable.Range(0, 10_000).Where(k => k % 7 != 0).Select(k => ((long)k, $"value-{k}"))];

    private readonly TempDirectory _directory = new();

    public static TheoryData<string, string> DeterministicQueries()
    {
        var cases = new TheoryData<string, string>();
        foreach (string query in NexmarkJob.Queries.Where(q => q != "q12"))
        {
            cases.Add(query, "heap");
            cases.Add(query, "rocksdb");
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(DeterministicQueries))]
    public void AFailedAndRestartedRunCommitsExactlyTheReferenceTable(string query, string backend)
    {
        // The failure waits for a completed checkpoint; on a machine so loaded that none completes before the input
        // ends, nothing fails and the run is repeated (bounded).
        string output = "";
        JobExecutionResult? result = null;
        for (int attempt = 1; attempt <= 3 && result?.Restarts != 1; attempt++)
        {
            output = _directory.File($"{query}-{attempt}");
            result = RunFailingOnce(query, output, _directory.File($"{query}-{attempt}-checkpoints"), SideInput(query),
                backend == "rocksdb" ? new RocksDbStateBackend(_directory.File($"{query}-{attempt}-rocksdb")) : HeapStateBackend.Instance);
        }

        Assert.True(result!.Restarts == 1, $"no checkpoint completed before the input ended, in 3 runs (restarts: {result.Restarts})");
        Assert.NotNull(result.RestoredCheckpoint);
        var expected = NexmarkReference.Run(query, EventFiles.Generate(Config, Events), SideInputRows);
        Assert.NotEmpty(expected);
        if (query == "q10")
        {
            Assert.True(expected.Select(r => r[r.IndexOf("|hm=", StringComparison.Ordinal)..]).Distinct().Count() >= 3, "the input spans too few partitions");
            Assert.Equal(expected, QueryOutput.PartitionedRows(output));
        }
        else if (NexmarkJob.ChangelogQueries.Contains(query))
        {
            Assert.Equal(expected, Changelog.Fold(CommittedInOrder(output)).Rows);
        }
        else
        {
            Assert.Equal(expected, CanonicalRows.FromJsonLines(CommittedInOrder(output)));
        }
    }

    private SideInputTable? SideInput(string query)
    {
        if (query != "q13") return null;
        string path = _directory.File("side-input.csv");
        File.WriteAllLines(path, SideInputRows.Select(r => $"{r.Key},{r.Value}"));
        return SideInputTable.Load(path);
    }

    private static JobExecutionResult RunFailingOnce(string query, string output, string checkpoints, SideInputTable? sideInput, IStateBackend backend)
    {
        s_checkpoints = checkpoints;
        s_failAfter = Events * 6 / 10;
        s_failuresLeft = 1;
        var env = new StreamEnvironment(new ExecutionConfig
        {
            Parallelism = 2,
            Checkpointing = new CheckpointConfig(checkpoints, TimeSpan.FromMilliseconds(100)),
            RestartStrategy = RestartStrategy.FixedDelay(attempts: 2, delay: TimeSpan.FromMilliseconds(10)),
            StateBackend = backend,
        });
        var events = NexmarkInputs.Generator(env, Events, Config).Map(static e => ShouldFail() ? Fail(e) : e, "fails once");
        NexmarkJob.Build(query, events, new ResultSink(output, partFiles: true), sideInput);
        return env.Execute(query + "-recovery");
    }

    /// <summary>
    /// The committed part files' lines, each subtask's files in the order they were written (a key's changes all come
    /// from one subtask, so this keeps each key's changes in order).
    /// </summary>
    private static IEnumerable<string> CommittedInOrder(string directory)
    {
        var files = Directory.EnumerateFiles(directory).Select(Path.GetFileName).ToList();
        Assert.DoesNotContain(files, f => f!.StartsWith('.'));
        return files
            .Select(f => (File: f!, Parts: f!.Split('-', '.')))
            .OrderBy(f => int.Parse(f.Parts[1], CultureInfo.InvariantCulture))
            .ThenBy(f => int.Parse(f.Parts[2], CultureInfo.InvariantCulture))
            .SelectMany(f => File.ReadLines(Path.Combine(directory, f.File)));
    }

    /// <summary>
    /// Fails once, past the threshold and only once a checkpoint has completed: until then each record waits a
    /// millisecond, so that a fast run does not end before its first checkpoint.
    /// </summary>
    private static bool ShouldFail()
    {
        if (Interlocked.Decrement(ref s_failAfter) > 0 || Volatile.Read(ref s_failuresLeft) <= 0) return false;
        bool checkpointed = Directory.Exists(s_checkpoints) && Directory.EnumerateDirectories(s_checkpoints, "chk-*")
            .Any(d => File.Exists(Path.Combine(d, FileCheckpointStorage.MetadataFileName)));
        if (!checkpointed)
        {
            Thread.Sleep(1);
            return false;
        }

        return Interlocked.Decrement(ref s_failuresLeft) >= 0;
    }

    private static NexmarkEvent Fail(in NexmarkEvent e) => throw new InvalidOperationException($"injected failure at event time {e.DateTime}");

    /// <inheritdoc />
    public void Dispose() => _directory.Dispose();
}
