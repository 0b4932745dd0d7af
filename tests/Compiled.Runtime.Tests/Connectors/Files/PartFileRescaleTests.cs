using System.Text;
using Compiled.Connectors;
using Compiled.Connectors.Files;
using Compiled.Tests.Support;

namespace Compiled.Tests.Connectors.Files;

/// <summary>
/// Part files across restores at other parallelisms: a writer index that the restored checkpoint did not have (the job
/// scaled down and up again) must not reuse the names of parts an earlier, larger run committed under that index.
/// </summary>
public class PartFileRescaleTests
{
    private static PartFileSink<string> Sink(string directory) => new(directory, static (line, buffer) => System.Buffers.BuffersExtensions.Write(buffer, Encoding.UTF8.GetBytes(line)), ".txt");

    private static (ISinkWriter<string> Writer, ITwoPhaseCommitWriter Tx) Writer(PartFileSink<string> sink, int subtask, int parallelism)
    {
        var writer = sink.CreateWriter(new SinkContext("sink", subtask, parallelism));
        return (writer, (ITwoPhaseCommitWriter)writer);
    }

    private static List<string> Committed(string directory) =>
        [.. Directory.EnumerateFiles(directory).Where(f => !Path.GetFileName(f).StartsWith('.')).SelectMany(File.ReadAllLines).Order(StringComparer.Ordinal)];

    [Fact]
    public void ScalingDownAndUpAgainNeverOverwritesAPartCommittedUnderTheSameIndex()
    {
        using var dir = new TempDirectory();
        var sink = Sink(dir.Path);

        // Parallelism 2, checkpoint 1: both writers commit a part.
        var (w0, t0) = Writer(sink, 0, 2);
        var (w1, t1) = Writer(sink, 1, 2);
        w0.Write("a", 0);
        w1.Write("b", 0);
        var states = new Dictionary<int, byte[]> { [0] = t0.PreCommit(1), [1] = t1.PreCommit(1) };
        t0.Commit(1);
        t1.Commit(1);
        w0.Dispose();
        w1.Dispose();

        // Restored at parallelism 1 (writer 0 takes over both), checkpoint 2.
        (w0, t0) = Writer(sink, 0, 1);
        t0.RecoverRescaled(0, 1, states);
        w0.Write("c", 0);
        states = new Dictionary<int, byte[]> { [0] = t0.PreCommit(2) };
        t0.Commit(2);
        w0.Dispose();

        // Restored at parallelism 2 again: writer 1 has no state of its own but must not reuse part-1-00000.
        (w0, t0) = Writer(sink, 0, 2);
        (w1, t1) = Writer(sink, 1, 2);
        t0.RecoverRescaled(0, 2, states);
        t1.RecoverRescaled(1, 2, states);
        w1.Write("d", 0);
        t0.PreCommit(3);
        t1.PreCommit(3);
        t0.Commit(3);
        t1.Commit(3);
        w0.Dispose();
        w1.Dispose();

        Assert.Equal(["a", "b", "c", "d"], Committed(dir.Path));
        Assert.Contains("part-1-00000.txt", dir.FileNames);
        Assert.Contains("part-1-00001.txt", dir.FileNames);
    }

    [Fact]
    public void AnAttemptAtAHigherParallelismThatDiedBeforeItsFirstCheckpointLeavesNoHiddenFiles()
    {
        using var dir = new TempDirectory();
        var sink = Sink(dir.Path);
        var (w0, t0) = Writer(sink, 0, 1);
        w0.Write("a", 0);
        var state = t0.PreCommit(1);
        t0.Commit(1);
        w0.Dispose();

        // An attempt at parallelism 3 restored from checkpoint 1 writes, then dies before any checkpoint.
        var dead = Enumerable.Range(0, 3).Select(i => Writer(sink, i, 3)).ToList();
        dead[0].Tx.RecoverRescaled(0, 3, new Dictionary<int, byte[]> { [0] = state });
        dead[1].Tx.RecoverRescaled(1, 3, new Dictionary<int, byte[]> { [0] = state });
        dead[2].Tx.RecoverRescaled(2, 3, new Dictionary<int, byte[]> { [0] = state });
        foreach (var (writer, _) in dead) writer.Write("lost", 0);
        Assert.Contains(dir.FileNames, f => f.StartsWith(".part-2-", StringComparison.Ordinal));

        // Restored at parallelism 1 from checkpoint 1: the dead attempt's files of writers 1 and 2 are gone too.
        (w0, t0) = Writer(sink, 0, 1);
        t0.Recover(state);
        t0.PreCommit(2);
        t0.Commit(2);
        w0.Dispose();
        foreach (var (writer, _) in dead) writer.Dispose();

        Assert.Equal(["a"], Committed(dir.Path));
        Assert.DoesNotContain(dir.FileNames, f => f.StartsWith('.'));
    }
}
