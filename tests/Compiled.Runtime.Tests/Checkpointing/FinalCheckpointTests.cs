using System.Globalization;
using System.Text;
using Compiled.Api;
using Compiled.Checkpointing.Storage;
using Compiled.Cluster;
using Compiled.Connectors.Files;
using Compiled.EventTime;
using Compiled.Execution;
using Compiled.Execution.Checkpoints;
using Compiled.State;
using Compiled.State.Heap;
using Compiled.State.RocksDb.Backend;
using Compiled.Tests.Support;
using Compiled.Windowing;

namespace Compiled.Tests.Checkpointing;

/// <summary>
/// Checkpoints go on after some tasks finished, a job ends with a final checkpoint, and two-phase-commit sinks commit
/// their last transaction on it. A job of two pipelines: an "early" one whose sources end at once, and a "late" one,
/// rate-capped so it runs on, whose map fails once after the early sinks committed everything. The committed output
/// must equal an uninterrupted run, nothing once visible may be retracted, and the early sources must not be read again.
/// </summary>
public class FinalCheckpointTests
{
    private const double LateRate = 8_000;
    private static int s_failuresLeft;
    private static long s_seen;
    private static string? s_watchedDirectory;
    private static long s_watchedRows;
    private static Dictionary<string, string>? s_visibleAtFailure;
    private static string[] s_visibleDirectories = [];

    private static UnevenSource Early() => new((s, p) => 500 * (s + 1));

    private static UnevenSource Late() => new((s, p) => 16_000 / p);

    private static void Define(StreamEnvironment env, UnevenSource early, UnevenSource late, string output, double lateRate)
    {
        env.FromSource(early, WatermarkStrategy.NoWatermarks<long>(), "early").Uid("early")
           .Map(static x => x * 3, "triple").Uid("triple")
           .SinkTo(Sink(Path.Combine(output, "early")));
        env.FromSource(late, WatermarkStrategy.ForMonotonousTimestamps<long>(static x => x), "late", maxRecordsPerSecond: lateRate).Uid("late")
           .Map(static x => MaybeFail(x), "maybe-fail").Uid("maybe-fail")
           .KeyBy(static x => x % 8)
           .Window(TumblingEventTimeWindows.Of(TimeSpan.FromMilliseconds(500)))
           .Reduce(static (a, b) => a + b).Uid("sum")
           .SinkTo(Sink(Path.Combine(output, "late")));
    }

    private static PartFileSink<long> Sink(string directory) =>
        new(Directory.CreateDirectory(directory).FullName, static (value, buffer) => Encoding.UTF8.GetBytes(value.ToString(CultureInfo.InvariantCulture), buffer), ".csv");

    /// <summary>Fails once, in the late pipeline, as soon as the early sinks' output is all committed (checked every 100 records).</summary>
    private static long MaybeFail(long value)
    {
        if (Volatile.Read(ref s_failuresLeft) <= 0 || Interlocked.Increment(ref s_seen) % 100 != 0) return value;
        if (CommittedFiles(s_watchedDirectory!).Values.Sum(c => c.Count(ch => ch == '\n')) < s_watchedRows) return value;
        if (Interlocked.Decrement(ref s_failuresLeft) < 0) return value;
        s_visibleAtFailure = s_visibleDirectories.SelectMany(d => CommittedFiles(d)).ToDictionary();
        throw new InvalidOperationException("injected failure");
    }

    /// <summary>Visible part files by path with their content.</summary>
    private static Dictionary<string, string> CommittedFiles(string directory) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory).Where(f => !Path.GetFileName(f).StartsWith('.')).ToDictionary(f => f, File.ReadAllText)
            : [];

    private static List<string> Committed(string directory) =>
        [.. Directory.EnumerateFiles(directory).Where(f => !Path.GetFileName(f).StartsWith('.')).SelectMany(File.ReadAllLines).Order(StringComparer.Ordinal)];

    private static IStateBackend Backend(string name, TempDirectory dir) =>
        name == "rocksdb" ? new RocksDbStateBackend(Path.Combine(dir.Path, "rocksdb")) : HeapStateBackend.Instance;

    private static (List<string> Early, List<string> Late) Uninterrupted(string output, int parallelism)
    {
        s_failuresLeft = 0;
        var env = new StreamEnvironment(new ExecutionConfig { Parallelism = parallelism });
        Define(env, Early(), Late(), output, double.PositiveInfinity);
        env.Execute("uninterrupted");
        return (Committed(Path.Combine(output, "early")), Committed(Path.Combine(output, "late")));
    }

    [Theory]
    [InlineData(1, "heap")]
    [InlineData(4, "heap")]
    [InlineData(1, "rocksdb")]
    [InlineData(4, "rocksdb")]
    public void AFailureAfterSomeSinksCommittedAtEndOfInputRestoresWithoutReplayingOrRetractingThem(int parallelism, string backend)
    {
        using var dir = new TempDirectory();
        var expected = Uninterrupted(Path.Combine(dir.Path, "expected"), parallelism);

        string output = Path.Combine(dir.Path, "out");
        var early = Early();
        s_watchedDirectory = Path.Combine(output, "early");
        s_watchedRows = early.Values(parallelism).LongCount();
        s_visibleDirectories = [Path.Combine(output, "early"), Path.Combine(output, "late")];
        s_visibleAtFailure = null;
        s_seen = 0;
        s_failuresLeft = 1;
        var env = new StreamEnvironment(new ExecutionConfig
        {
            Parallelism = parallelism,
            Checkpointing = new CheckpointConfig(Path.Combine(dir.Path, "checkpoints"), TimeSpan.FromMilliseconds(50)),
            RestartStrategy = RestartStrategy.FixedDelay(attempts: 1, delay: TimeSpan.Zero),
            StateBackend = Backend(backend, dir),
        });
        Define(env, early, Late(), output, LateRate);
        var result = env.Execute("final-checkpoint");

        Assert.Equal(1, result.Restarts);
        Assert.NotNull(s_visibleAtFailure);
        Assert.Equal(s_watchedRows, early.Emitted); // the early sources had finished in the restored checkpoint: not read again
        Assert.Equal(expected.Early, Committed(Path.Combine(output, "early")));
        Assert.Equal(expected.Late, Committed(Path.Combine(output, "late")));
        foreach (var (file, content) in s_visibleAtFailure!) // committed output is never taken back
            Assert.Equal(content, File.ReadAllText(file));
        Assert.DoesNotContain(Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories), f => Path.GetFileName(f).StartsWith('.'));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void ABoundedJobEndsWithAFinalCheckpointWhoseCommitMakesEveryRowVisibleAndWhoseRestoreReadsNothing(int parallelism)
    {
        using var dir = new TempDirectory();
        var expected = Uninterrupted(Path.Combine(dir.Path, "expected"), parallelism);

        // An interval far beyond the job's duration: the only checkpoint is the final one, taken once every task finished.
        string output = Path.Combine(dir.Path, "out");
        string checkpoints = Path.Combine(dir.Path, "checkpoints");
        var checkpointing = new CheckpointConfig(checkpoints, TimeSpan.FromHours(1));
        var early = Early();
        var late = Late();
        var env = new StreamEnvironment(new ExecutionConfig { Parallelism = parallelism, Checkpointing = checkpointing });
        Define(env, early, late, output, double.PositiveInfinity);
        var result = env.Execute("final-only");

        Assert.Equal(1, result.CompletedCheckpoints);
        Assert.Equal(expected.Early, Committed(Path.Combine(output, "early")));
        Assert.Equal(expected.Late, Committed(Path.Combine(output, "late")));
        Assert.DoesNotContain(Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories), f => Path.GetFileName(f).StartsWith('.'));
        var final = new FileCheckpointStorage(checkpoints).LoadLatest(out _)!;
        Assert.NotEmpty(final.Metadata.States);
        Assert.All(final.Metadata.States, s => Assert.True(OperatorSnapshot.Decode(final.ReadState(s)).IsFinished, $"{s.OperatorUid}-{s.Subtask} is not finished"));

        // Restored from the final checkpoint, every task is finished: nothing is read or written again.
        long emitted = early.Emitted + late.Emitted;
        var restored = new StreamEnvironment(new ExecutionConfig { Parallelism = parallelism, Checkpointing = checkpointing, RestoreFrom = final.Path });
        Define(restored, early, late, output, double.PositiveInfinity);
        var again = restored.Execute("final-restored");

        Assert.Equal(final.CheckpointId, again.RestoredCheckpoint);
        Assert.Equal(emitted, early.Emitted + late.Emitted);
        Assert.Equal(expected.Late, Committed(Path.Combine(output, "late")));
        Assert.Equal(expected.Early, Committed(Path.Combine(output, "early")));
    }

    [Fact]
    public void CheckpointingOffCommitsAtEndOfInputAsBefore()
    {
        using var dir = new TempDirectory();
        var expected = Uninterrupted(Path.Combine(dir.Path, "expected"), 2);
        Assert.Equal(Early().Values(2).Select(v => (v * 3).ToString(CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal), expected.Early);
        Assert.NotEmpty(expected.Late);
    }

    /// <summary>Passes records on; its snapshot is slow to write (on the checkpoint writer thread), so checkpoints overlap.</summary>
    private sealed class SlowSnapshot : OneInputOperator<long, long>, ICheckpointedOperator
    {
        public override void ProcessElement(in long value, long timestamp) => Output.Collect(value, timestamp);

        public void SnapshotState(long checkpointId, OperatorSnapshot snapshot) => snapshot.Defer(0, static () =>
        {
            Thread.Sleep(25);
            return null;
        });

        public void RestoreState(RestoredState state) { }
    }

    [Theory]
    [InlineData(2, "heap")]
    [InlineData(3, "heap")]
    [InlineData(3, "rocksdb")]
    public void ConcurrentCheckpointsOverlapAndStillCommitExactlyTheUninterruptedOutput(int maxConcurrent, string backend)
    {
        using var dir = new TempDirectory();
        var expected = Uninterrupted(Path.Combine(dir.Path, "expected"), 2).Late;

        string output = Path.Combine(dir.Path, "out");
        string checkpoints = Path.Combine(dir.Path, "checkpoints");
        var late = Late();
        s_watchedDirectory = Path.Combine(output, "late"); // fails once some windows are committed, i.e. after completed checkpoints
        s_watchedRows = 8;
        s_visibleDirectories = [Path.Combine(output, "late")];
        s_visibleAtFailure = null;
        s_seen = 0;
        s_failuresLeft = 1;
        var env = new StreamEnvironment(new ExecutionConfig
        {
            Parallelism = 2,
            Checkpointing = new CheckpointConfig(checkpoints, TimeSpan.FromMilliseconds(10)) { MaxConcurrent = maxConcurrent },
            RestartStrategy = RestartStrategy.FixedDelay(attempts: 1, delay: TimeSpan.Zero),
            StateBackend = Backend(backend, dir),
        });
        env.FromSource(late, WatermarkStrategy.ForMonotonousTimestamps<long>(static x => x), "late", maxRecordsPerSecond: LateRate).Uid("late")
           .Map(static x => MaybeFail(x), "maybe-fail").Uid("maybe-fail")
           .Transform("slow", static () => new SlowSnapshot()).Uid("slow")
           .KeyBy(static x => x % 8)
           .Window(TumblingEventTimeWindows.Of(TimeSpan.FromMilliseconds(500)))
           .Reduce(static (a, b) => a + b).Uid("sum")
           .SinkTo(Sink(Path.Combine(output, "late")));
        var result = env.Execute("concurrent");

        Assert.Equal(1, result.Restarts);
        Assert.Contains(result.Checkpoints, c => c.ConcurrentAtTrigger > 0);
        Assert.All(result.Checkpoints, c => Assert.InRange(c.ConcurrentAtTrigger, 0, maxConcurrent - 1));
        Assert.Equal(expected, Committed(Path.Combine(output, "late")));
        foreach (var (file, content) in s_visibleAtFailure!) Assert.Equal(content, File.ReadAllText(file));
    }

    [Fact]
    public void MaxConcurrentBelowOneFailsAtStartNamingTheSetting()
    {
        using var dir = new TempDirectory();
        var env = new StreamEnvironment(new ExecutionConfig
        {
            Parallelism = 1,
            Checkpointing = new CheckpointConfig(Path.Combine(dir.Path, "checkpoints"), TimeSpan.FromSeconds(1)) { MaxConcurrent = 0 },
        });
        Define(env, Early(), Late(), Path.Combine(dir.Path, "out"), double.PositiveInfinity);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => env.Execute("invalid"));
        Assert.Contains("MaxConcurrent", error.Message);
    }
}
