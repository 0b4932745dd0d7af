using System.Text;
using Compiled.Api;
using Compiled.Checkpointing.Storage;
using Compiled.Cluster;
using Compiled.Connectors.Files;
using Compiled.Connectors.Nexmark;
using Compiled.EventTime;
using Compiled.Execution.Checkpoints;
using Compiled.Functions;
using Compiled.State;
using Compiled.State.Heap;
using Compiled.State.RocksDb.Backend;
using Compiled.Tests.Support;
using Compiled.Windowing;

namespace Compiled.Tests.Checkpointing;

/// <summary>
/// A windowed job with checkpoints fails midway, restarts from the latest checkpoint and must commit exactly the
/// output of a run without failure: source positions, window state, timers and the part-file sink's transactions.
/// Every scenario runs on the heap and on the RocksDB backend (incremental checkpoints); savepoints switch between them.
/// </summary>
public class ExactlyOnceRecoveryTests
{
    private const long Events = 1_000_000;

    private sealed class CountBids : IAggregateFunction<Bid, long, long>
    {
        public long CreateAccumulator() => 0;
        public long Add(in Bid value, long accumulator) => accumulator + 1;
        public long GetResult(long accumulator) => accumulator;
        public long Merge(long a, long b) => a + b;
    }

    private sealed class WithWindow : ProcessWindowFunction<long, string, long, TimeWindow>
    {
        public override void Process(long key, WindowContext<TimeWindow> context, IReadOnlyList<long> elements, ICollector<string> output) =>
            output.Collect($"{key},{context.Window.End},{elements[0]}");
    }

    private static int s_failAfter;
    private static int s_failuresLeft;
    private static string? s_checkpoints;

    /// <summary>Runs the job; it fails after <paramref name="failAfter"/> records, once a checkpoint completed (when checkpointing).</summary>
    private static JobExecutionResult Run(string output, ExecutionConfig config, int failAfter, int failures = 1)
    {
        s_failAfter = failAfter;
        s_failuresLeft = failAfter < 0 ? 0 : failures;
        s_checkpoints = config.Checkpointing?.Directory;
        var env = new StreamEnvironment(config);
        Define(env, output, Events);
        return env.Execute("recovery");
    }

    private static void Define(StreamEnvironment env, string output, long events, double maxRecordsPerSecond = double.PositiveInfinity) =>
        env.FromSource(NexmarkSource.Bids(new NexmarkGeneratorConfig { EventCount = events }),
                WatermarkStrategy.ForBoundedOutOfOrderness<Bid>(static b => b.DateTime, TimeSpan.FromSeconds(4)), maxRecordsPerSecond: maxRecordsPerSecond)
           .Map(static b => ShouldFail() ? Fail(b) : b)
           .KeyBy(static b => b.Auction)
           .Window(TumblingEventTimeWindows.Of(TimeSpan.FromSeconds(2)))
           .Aggregate(new CountBids(), new WithWindow())
           .SinkTo(new PartFileSink<string>(output, static (line, buffer) => Encoding.UTF8.GetBytes(line, buffer), ".csv"));

    /// <summary>
    /// Whether to inject a failure now: past the record threshold, while failures are left, and — so the test does not
    /// depend on how fast a loaded machine checkpoints — only once a checkpoint has completed (checked every 1000 records).
    /// </summary>
    private static bool ShouldFail()
    {
        if (Interlocked.Decrement(ref s_failAfter) > 0 || Volatile.Read(ref s_failuresLeft) <= 0) return false;
        if (s_checkpoints is { } dir && !HasCompletedCheckpoint(dir))
        {
            Interlocked.Exchange(ref s_failAfter, 1000);
            return false;
        }
        return Interlocked.Decrement(ref s_failuresLeft) >= 0;
    }

    /// <summary>The state backend named as the command line names it; RocksDB keeps its databases under <paramref name="dir"/>.</summary>
    private static IStateBackend Backend(string name, TempDirectory dir) =>
        name == "rocksdb" ? new RocksDbStateBackend(Path.Combine(dir.Path, "rocksdb")) : HeapStateBackend.Instance;

    private static bool HasCompletedCheckpoint(string directory) =>
        Directory.Exists(directory) && Directory.EnumerateDirectories(directory, "chk-*").Any(d => File.Exists(Path.Combine(d, FileCheckpointStorage.MetadataFileName)));

    private static Bid Fail(in Bid bid)
    {
        s_failAfter = 100; // the next attempt fails again soon after its restore, while failures are left
        throw new InvalidOperationException("injected failure");
    }

    private static List<string> Committed(string output) =>
        [.. Directory.EnumerateFiles(output).Where(f => !Path.GetFileName(f).StartsWith('.')).SelectMany(File.ReadAllLines).Order(StringComparer.Ordinal)];

    [Theory]
    [InlineData("heap")]
    [InlineData("rocksdb")]
    public void TheRestartStrategyRestoresFromTheLatestCheckpointUntilTheJobSucceeds(string backend)
    {
        using var dir = new TempDirectory();
        string expectedDir = Path.Combine(dir.Path, "expected");
        Run(expectedDir, new ExecutionConfig { Parallelism = 2 }, failAfter: -1);

        string output = Path.Combine(dir.Path, "out");
        var config = new ExecutionConfig
        {
            Parallelism = 2,
            Checkpointing = new CheckpointConfig(Path.Combine(dir.Path, "checkpoints"), TimeSpan.FromMilliseconds(10)),
            RestartStrategy = RestartStrategy.FixedDelay(attempts: 3, delay: TimeSpan.FromMilliseconds(10)),
            StateBackend = Backend(backend, dir),
        };
        var result = Run(output, config, failAfter: (int)(Events * 0.7), failures: 2);

        // Two failures are injected; the second needs records left after the restore, which a late checkpoint may not leave.
        Assert.InRange(result.Restarts, 1, 2);
        Assert.Equal(Committed(expectedDir), Committed(output));
    }

    [Theory]
    [InlineData(2, "heap")]
    [InlineData(8, "heap")]
    [InlineData(2, "rocksdb")]
    [InlineData(8, "rocksdb")]
    public void ACheckpointTakenAtParallelism4RestoresAtAnotherParallelismWithIdenticalResults(int parallelism, string backend)
    {
        using var dir = new TempDirectory();
        string expectedDir = Path.Combine(dir.Path, "expected");
        Run(expectedDir, new ExecutionConfig { Parallelism = 4 }, failAfter: -1);

        string output = Path.Combine(dir.Path, "out");
        string checkpoints = Path.Combine(dir.Path, "checkpoints");
        Assert.Throws<JobExecutionException>(() => Run(output, new ExecutionConfig
        {
            Parallelism = 4,
            Checkpointing = new CheckpointConfig(checkpoints, TimeSpan.FromMilliseconds(10)),
            StateBackend = Backend(backend, dir),
        }, failAfter: (int)(Events * 0.7)));
        var latest = new FileCheckpointStorage(checkpoints).LoadLatest(out _)!;

        var result = Run(output, new ExecutionConfig { Parallelism = parallelism, RestoreFrom = latest.Path, StateBackend = Backend(backend, dir) }, failAfter: -1);

        Assert.Equal(latest.CheckpointId, result.RestoredCheckpoint);
        Assert.Equal(Committed(expectedDir), Committed(output));
        Assert.DoesNotContain(Directory.EnumerateFiles(output), f => Path.GetFileName(f).StartsWith('.'));
    }

    [Theory]
    [InlineData("heap", "heap", 3_000_000)]
    [InlineData("heap", "rocksdb", 1_000_000)]
    [InlineData("rocksdb", "heap", 1_000_000)]
    public async Task StopWithSavepointAtParallelism4ThenRestoreAt2And8GivesTheUninterruptedResult(string takenOn, string restoredOn, long events)
    {
        using var dir = new TempDirectory();
        s_failAfter = -1;
        s_failuresLeft = 0;
        var reference = new StreamEnvironment(new ExecutionConfig { Parallelism = 4 });
        Define(reference, Path.Combine(dir.Path, "expected"), events);
        reference.Execute();
        var expected = Committed(Path.Combine(dir.Path, "expected"));

        string stopped = Path.Combine(dir.Path, "stopped");
        var env = new StreamEnvironment(new ExecutionConfig { Parallelism = 4, StateBackend = Backend(takenOn, dir) });
        Define(env, stopped, events, maxRecordsPerSecond: events / 4.0); // lasts >= 4 s on any machine: stopped mid-run
        var client = env.ExecuteAsync("savepoint");
        CompletedCheckpoint? savepoint = null;
        for (int attempt = 0; attempt < 200 && savepoint is null; attempt++) // bounded: wait until every task runs
        {
            await Task.Delay(10);
            try { savepoint = await client.StopWithSavepointAsync(Path.Combine(dir.Path, "savepoints")); }
            catch (InvalidOperationException) when (!client.Completion.IsCompleted) { }
        }
        var stoppedResult = await client.Completion;

        Assert.NotNull(savepoint);
        Assert.True(stoppedResult.Stopped);
        Assert.Equal("savepoint", savepoint!.Metadata.Kind);
        Assert.True(Committed(stopped).Count < expected.Count, "the job must have stopped before its input ended");

        foreach (int parallelism in new[] { 2, 8 })
        {
            string output = Path.Combine(dir.Path, $"restored-{parallelism}");
            CopyDirectory(stopped, output);
            var restored = new StreamEnvironment(new ExecutionConfig { Parallelism = parallelism, RestoreFrom = savepoint.Path, StateBackend = Backend(restoredOn, dir) });
            Define(restored, output, events);
            var result = restored.Execute();

            Assert.Equal(savepoint.CheckpointId, result.RestoredCheckpoint);
            Assert.Equal(expected, Committed(output));
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }

    [Theory]
    [InlineData("heap")]
    [InlineData("rocksdb")]
    public void CheckpointsCompleteWhileTheJobRuns(string backend)
    {
        using var dir = new TempDirectory();
        var result = Run(Path.Combine(dir.Path, "out"), new ExecutionConfig
        {
            Parallelism = 2,
            Checkpointing = new CheckpointConfig(Path.Combine(dir.Path, "checkpoints"), TimeSpan.FromMilliseconds(10)),
            StateBackend = Backend(backend, dir),
        }, failAfter: -1);
        Assert.True(result.CompletedCheckpoints > 0, $"no checkpoint completed in {result.Duration}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void AtLeastOnceCheckpointsLoseNothingAfterAFailure(int maxConcurrent)
    {
        using var dir = new TempDirectory();
        string expectedDir = Path.Combine(dir.Path, "expected");
        Run(expectedDir, new ExecutionConfig { Parallelism = 2 }, failAfter: -1);

        string output = Path.Combine(dir.Path, "out");
        var result = Run(output, new ExecutionConfig
        {
            Parallelism = 2,
            Checkpointing = new CheckpointConfig(Path.Combine(dir.Path, "checkpoints"), TimeSpan.FromMilliseconds(10)) { Mode = CheckpointingMode.AtLeastOnce, MaxConcurrent = maxConcurrent },
            RestartStrategy = RestartStrategy.FixedDelay(attempts: 2, delay: TimeSpan.FromMilliseconds(10)),
        }, failAfter: (int)(Events * 0.7));

        Assert.Equal(1, result.Restarts);
        // Records after a barrier may be in the snapshot and replayed again: every window is there, counted at least once.
        static Dictionary<string, long> Counts(IEnumerable<string> lines) =>
            lines.Select(l => l.Split(',')).GroupBy(f => f[0] + "," + f[1]).ToDictionary(g => g.Key, g => g.Max(f => long.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture)));
        var expected = Counts(Committed(expectedDir));
        var actual = Counts(Committed(output));
        Assert.All(expected, e => Assert.True(actual.TryGetValue(e.Key, out long count) && count >= e.Value, $"window {e.Key}: {count} < {e.Value}"));
    }

    [Fact]
    public void IncrementalCheckpointsReferenceEarlierFilesAndKeepOnlyWhatRetainedCheckpointsNeed()
    {
        using var dir = new TempDirectory();
        string checkpoints = Path.Combine(dir.Path, "checkpoints");
        var result = Run(Path.Combine(dir.Path, "out"), new ExecutionConfig
        {
            Parallelism = 2,
            Checkpointing = new CheckpointConfig(checkpoints, TimeSpan.FromMilliseconds(10)) { Retained = 5 },
            StateBackend = Backend("rocksdb", dir),
        }, failAfter: -1);
        Assert.True(result.CompletedCheckpoints >= 3, $"only {result.CompletedCheckpoints} checkpoints completed");

        var storage = new FileCheckpointStorage(checkpoints);
        var retained = storage.CompletedIds().Select(id => FileCheckpointStorage.Load(storage.PathOf(id))).ToList();
        var referenced = retained.SelectMany(c => c.Metadata.States).SelectMany(s => s.Files ?? []).Where(f => f.SharedName is not null)
            .Select(f => f.SharedName!).ToHashSet();
        var stored = Directory.EnumerateFiles(storage.SharedDirectory).Select(Path.GetFileName).ToHashSet();
        Assert.NotEmpty(referenced);
        Assert.Equal(referenced.Order(), stored.Order()); // nothing missing, nothing kept that no retained checkpoint needs
        foreach (var checkpoint in retained) checkpoint.VerifyAll();

        // The final checkpoint, taken once every task had finished, holds no keyed state: a restore from it runs nothing again.
        Assert.DoesNotContain(retained[^1].Metadata.States, s => s.Files is not null);
        Assert.All(retained[^1].Metadata.States, s => Assert.True(OperatorSnapshot.Decode(retained[^1].ReadState(s)).IsFinished));

        // A damaged file of the newest checkpoint with RocksDB files (a private one: the manifest of an instance): the restore takes the one before.
        int index = retained.FindLastIndex(c => c.Metadata.States.Any(s => s.Files is not null));
        Assert.True(index >= 1, "two retained checkpoints with RocksDB files are needed");
        foreach (var later in retained.Skip(index + 1)) Directory.Delete(later.Path, recursive: true);
        var newest = retained[index];
        var own = newest.Metadata.States.SelectMany(s => s.Files ?? []).First(f => f.SharedName is null && f.Length > 0);
        string damaged = newest.FullPathOf(own);
        var bytes = File.ReadAllBytes(damaged);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(damaged, bytes);
        var chosen = storage.LoadLatest(out var skipped);
        Assert.Equal(retained[index - 1].CheckpointId, chosen!.CheckpointId);
        Assert.Contains(skipped, message => message.Contains(Path.GetFileName(damaged), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(1, "heap")]
    [InlineData(2, "heap")]
    [InlineData(2, "rocksdb")]
    public void AFailedJobRestoredFromItsLatestCheckpointCommitsExactlyTheFailureFreeOutput(int parallelism, string backend)
    {
        using var dir = new TempDirectory();
        string expectedDir = Path.Combine(dir.Path, "expected");
        Run(expectedDir, new ExecutionConfig { Parallelism = parallelism }, failAfter: -1);
        var expected = Committed(expectedDir);
        Assert.NotEmpty(expected);

        string output = Path.Combine(dir.Path, "out");
        string checkpoints = Path.Combine(dir.Path, "checkpoints");
        var checkpointing = new CheckpointConfig(checkpoints, TimeSpan.FromMilliseconds(10));
        // Fail late enough that checkpoints completed, bounded by the input size.
        var failure = Assert.Throws<JobExecutionException>(() => Run(output, new ExecutionConfig { Parallelism = parallelism, Checkpointing = checkpointing, StateBackend = Backend(backend, dir) }, failAfter: (int)(Events * 0.8)));
        Assert.Contains("injected failure", failure.InnerException!.Message);
        Assert.NotEmpty(new FileCheckpointStorage(checkpoints).CompletedIds());
        Assert.True(Committed(output).Count < expected.Count, "the failed run must not have committed everything");

        var result = Run(output, new ExecutionConfig { Parallelism = parallelism, Checkpointing = checkpointing, RestoreFrom = "latest", StateBackend = Backend(backend, dir) }, failAfter: -1);

        Assert.NotNull(result.RestoredCheckpoint);
        Assert.Equal(expected, Committed(output));
        Assert.DoesNotContain(Directory.EnumerateFiles(output), f => Path.GetFileName(f).StartsWith('.'));
    }
}
