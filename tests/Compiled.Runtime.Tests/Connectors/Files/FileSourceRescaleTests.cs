using Compiled.Connectors;
using Compiled.Connectors.Files;
using Compiled.Tests.Support;

namespace Compiled.Tests.Connectors.Files;

/// <summary>
/// File source positions survive a restore at another parallelism: the new readers together read exactly the lines
/// the previous ones had not (no line lost, none twice), also when the restored position was taken mid-file.
/// </summary>
public class FileSourceRescaleTests
{
    private const int Files = 5, LinesPerFile = 1300;

    private sealed class Recording : SourceOutput<string>
    {
        public readonly List<string> Lines = [];
        public readonly HashSet<int> Finished = [];

        public override SplitOutput<string> Split(int splitId) => new To(this);
        public override void FinishSplit(int splitId) => Finished.Add(splitId);
        public override void DeadLetter(DeadLetter letter) => throw new InvalidOperationException(letter.Reason);

        private sealed class To(Recording owner) : SplitOutput<string>
        {
            public override void Collect(in string value, long timestamp = long.MinValue) => owner.Lines.Add(value);
        }
    }

    private static FileSource<string> Source(TempDirectory dir)
    {
        for (int f = 0; f < Files; f++)
            dir.Write($"part-{f}.txt", string.Join('\n', Enumerable.Range(0, LinesPerFile).Select(l => $"{f}:{l}")));
        return new FileSource<string>([dir.Path], static (ReadOnlySpan<byte> line, out string value, out string? error) =>
        {
            value = System.Text.Encoding.UTF8.GetString(line);
            error = null;
            return true;
        });
    }

    private static void Drain(ISourceReader<string> reader, Recording output)
    {
        for (int polls = 0; polls < 10_000 && reader.PollNext(output) != InputStatus.EndOfInput; polls++) { }
    }

    [Theory]
    [InlineData(3, 2, 1)]
    [InlineData(3, 2, 3)]
    [InlineData(2, 4, 2)]
    [InlineData(2, 1, 5)]
    public void UnfinishedFilesAreRedistributedWithTheirPositions(int before, int after, int pollsBeforeCheckpoint)
    {
        using var dir = new TempDirectory();
        var source = Source(dir);
        var output = new Recording();
        var positions = new Dictionary<int, byte[]>();
        for (int subtask = 0; subtask < before; subtask++)
        {
            using var reader = source.CreateReader(new SourceReaderContext("files", subtask, before));
            for (int poll = 0; poll < pollsBeforeCheckpoint; poll++) reader.PollNext(output);
            positions[subtask] = ((IRescalableSourceReader)reader).SnapshotPosition();
        }
        int readBefore = output.Lines.Count;
        Assert.InRange(readBefore, 1, Files * LinesPerFile - 1);

        for (int subtask = 0; subtask < after; subtask++)
        {
            using var reader = source.CreateReader(new SourceReaderContext("files", subtask, after));
            ((IRescalableSourceReader)reader).RestorePositions(before, positions);
            Drain(reader, output);
        }

        var expected = Enumerable.Range(0, Files).SelectMany(f => Enumerable.Range(0, LinesPerFile).Select(l => $"{f}:{l}")).Order(StringComparer.Ordinal);
        Assert.Equal(expected, output.Lines.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ARestoreAtTheSameParallelismContinuesWhereTheReaderStopped()
    {
        using var dir = new TempDirectory();
        var source = Source(dir);
        var output = new Recording();
        byte[] position;
        using (var reader = source.CreateReader(new SourceReaderContext("files", 1, 2)))
        {
            reader.PollNext(output);
            position = ((ICheckpointedSourceReader)reader).SnapshotPosition();
        }
        using (var restored = source.CreateReader(new SourceReaderContext("files", 1, 2)))
        {
            ((ICheckpointedSourceReader)restored).RestorePosition(position);
            Drain(restored, output);
        }
        var expected = new[] { 1, 3 }.SelectMany(f => Enumerable.Range(0, LinesPerFile).Select(l => $"{f}:{l}")).Order(StringComparer.Ordinal);
        Assert.Equal(expected, output.Lines.Order(StringComparer.Ordinal));
        Assert.Equal([1, 3], output.Finished.Order());
    }
}
