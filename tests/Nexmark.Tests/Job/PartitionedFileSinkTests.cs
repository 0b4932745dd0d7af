using System.Buffers;
using System.Text;

namespace Nexmark.Tests.Job;

// Inside the namespace so these types win over any same-named types in the samples' Nexmark namespace.
using Compiled.Connectors;
using Nexmark.Job;

/// <summary>
/// The partitioned part-file sink on its own: rows land in their partition's directory, and its two-phase commit —
/// driven by hand as the checkpoint coordinator would — gives exactly-once files after a crash, also when restored at
/// another parallelism.
/// </summary>
public sealed class PartitionedFileSinkTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private string Output => _directory.File("table");

    /// <summary>Rows are "partition:text"; partition p goes to directory "p=p/sub".</summary>
    private PartitionedFileSink<string> Sink() => new(
        Output,
        static row => long.Parse(row[..row.IndexOf(':', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture),
        static partition => Path.Combine($"p={partition}", "sub"),
        static () => static (row, buffer) => Encoding.UTF8.GetBytes(row, buffer),
        ".txt");

    private ISinkWriter<string> Writer(int subtask = 0, int parallelism = 1) => Sink().CreateWriter(new SinkContext("table", subtask, parallelism));

    private static ITwoPhaseCommitWriter Transactional(ISinkWriter<string> writer) => (ITwoPhaseCommitWriter)writer;

    private static void Write(ISinkWriter<string> writer, params string[] rows)
    {
        foreach (string row in rows) writer.Write(row, 0);
    }

    /// <summary>Committed (visible) rows as "directory|row", sorted.</summary>
    private List<string> Visible() => !Directory.Exists(Output) ? [] :
        Directory.EnumerateFiles(Output, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith('.'))
            .SelectMany(f => File.ReadLines(f).Select(row => Path.GetRelativePath(Output, Path.GetDirectoryName(f)!).Replace('\\', '/') + "|" + row))
            .Order(StringComparer.Ordinal)
            .ToList();

    private List<string> Hidden() => Directory.EnumerateFiles(Output, ".*", SearchOption.AllDirectories).ToList();

    [Fact]
    public void WritesEachPartitionIntoItsOwnDirectory()
    {
        using var writer = Writer();
        Write(writer, "1:a", "2:b", "1:c", "-3:d");
        writer.Finish();

        Assert.Equal(["p=-3/sub|-3:d", "p=1/sub|1:a", "p=1/sub|1:c", "p=2/sub|2:b"], Visible());
        Assert.Equal(["part-0-00000.txt"], Directory.EnumerateFiles(Path.Combine(Output, "p=1", "sub")).Select(Path.GetFileName));
        Assert.Empty(Hidden());
    }

    [Fact]
    public void RowsBecomeVisibleWhenTheirCheckpointCompletesAndARestoreRepeatsNothing()
    {
        var first = Writer();
        Write(first, "1:a", "2:b");
        byte[] checkpoint1 = Transactional(first).PreCommit(1);
        Assert.Empty(Visible());
        Transactional(first).Commit(1);
        Assert.Equal(["p=1/sub|1:a", "p=2/sub|2:b"], Visible());

        Write(first, "1:c", "3:d");
        Transactional(first).PreCommit(2);  // checkpoint 2 never completes: the job crashes
        Write(first, "2:e");
        first.Dispose();
        Assert.Equal(["p=1/sub|1:a", "p=2/sub|2:b"], Visible());

        using var restored = Writer();
        Transactional(restored).Recover(checkpoint1);
        Write(restored, "1:c", "3:d", "2:e"); // the source replays what came after checkpoint 1
        restored.Finish();

        Assert.Equal(["p=1/sub|1:a", "p=1/sub|1:c", "p=2/sub|2:b", "p=2/sub|2:e", "p=3/sub|3:d"], Visible());
        Assert.Empty(Hidden());
    }

    [Fact]
    public void RestoringAnOlderCheckpointRemovesRowsCommittedAfterItAlsoInPartitionsItDidNotHave()
    {
        var first = Writer();
        Write(first, "1:a");
        byte[] checkpoint1 = Transactional(first).PreCommit(1);
        Transactional(first).Commit(1);
        Write(first, "1:b", "2:c");
        Transactional(first).PreCommit(2);
        Transactional(first).Commit(2);
        first.Dispose();
        Assert.Equal(["p=1/sub|1:a", "p=1/sub|1:b", "p=2/sub|2:c"], Visible());

        using var restored = Writer();
        Transactional(restored).Recover(checkpoint1);
        Assert.Equal(["p=1/sub|1:a"], Visible());
        Write(restored, "1:b", "2:c");
        restored.Finish();

        Assert.Equal(["p=1/sub|1:a", "p=1/sub|1:b", "p=2/sub|2:c"], Visible());
    }

    [Fact]
    public void ARestoreAtLowerParallelismTakesOverThePartitionsOfEveryPreviousWriter()
    {
        var previous0 = Writer(0, 2);
        var previous1 = Writer(1, 2);
        Write(previous0, "1:a", "2:b");
        Write(previous1, "2:c", "3:d");
        var states = new Dictionary<int, byte[]> { [0] = Transactional(previous0).PreCommit(1), [1] = Transactional(previous1).PreCommit(1) };
        Write(previous0, "1:late"); // after the checkpoint: must not survive
        Write(previous1, "4:late");
        previous0.Dispose();        // crash before the checkpoint's completion was announced
        previous1.Dispose();

        using var restored = Writer(0, 1);
        Transactional(restored).RecoverRescaled(0, 1, states);
        Assert.Equal(["p=1/sub|1:a", "p=2/sub|2:b", "p=2/sub|2:c", "p=3/sub|3:d"], Visible());

        Write(restored, "1:late", "4:late");
        restored.Finish();

        Assert.Equal(["p=1/sub|1:a", "p=1/sub|1:late", "p=2/sub|2:b", "p=2/sub|2:c", "p=3/sub|3:d", "p=4/sub|4:late"], Visible());
        Assert.Empty(Hidden());
    }

    [Fact]
    public void AMissingParentDirectoryIsReportedAtConstruction()
    {
        string missing = Path.Combine(_directory.Path, "missing", "table");
        var error = Assert.Throws<DirectoryNotFoundException>(() => new PartitionedFileSink<string>(
            missing, static _ => 0, static p => $"p={p}", static () => static (_, _) => { }));

        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    /// <inheritdoc />
    public void Dispose() => _directory.Dispose();
}
