using Compiled.Cluster;
using Compiled.Connectors;
using Compiled.Connectors.Files;
using Compiled.Tests.Support;

namespace Compiled.Tests.Connectors.Files;

public class FileSinkTests
{
    [Fact]
    public void WriterKeepsOutputInAHiddenFileUntilFinished()
    {
        using var dir = new TempDirectory();
        string target = Path.Combine(dir.Path, "out.txt");
        var sink = FileSink.Lines<int>(target, i => $"line {i}");
        using (var writer = sink.CreateWriter(new SinkContext("sink", 0, 1)))
        {
            for (int i = 0; i < 3; i++) writer.Write(i, 0);
            Assert.False(File.Exists(target));
            Assert.Equal([".out.txt.inprogress"], dir.FileNames);

            writer.Finish();
        }
        Assert.Equal(["out.txt"], dir.FileNames);
        Assert.Equal("line 0\nline 1\nline 2\n", File.ReadAllText(target));
    }

    [Fact]
    public void AbandonedWriterLeavesNoFiles()
    {
        using var dir = new TempDirectory();
        var sink = FileSink.Lines<int>(Path.Combine(dir.Path, "out.txt"), i => i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using (var writer = sink.CreateWriter(new SinkContext("sink", 0, 1))) writer.Write(1, 0);
        Assert.Empty(dir.FileNames);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void SuccessfulJobWritesEveryRecordToTheTargetFile(int parallelism)
    {
        using var dir = new TempDirectory();
        string target = Path.Combine(dir.Path, "result.jsonl");
        var env = TestJobs.Env(parallelism);
        env.FromCollection(Enumerable.Range(0, 5000)).Map(i => (Id: i, Name: $"n\"{i}"))
           .SinkTo(FileSink.JsonLines<(int Id, string Name)>(target, (json, v) =>
           {
               json.WriteStartObject();
               json.WriteNumber("id", v.Id);
               json.WriteString("name", v.Name);
               json.WriteEndObject();
           }));
        env.Execute();

        Assert.Equal(["result.jsonl"], dir.FileNames);
        var lines = File.ReadAllLines(target);
        Assert.Equal(Enumerable.Range(0, 5000).Select(i => $"{{\"id\":{i},\"name\":\"n\\\"{i}\"}}").Order(StringComparer.Ordinal), lines.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void FailingJobLeavesNeitherOutputNorInProgressFile(int parallelism)
    {
        using var dir = new TempDirectory();
        string target = Path.Combine(dir.Path, "result.txt");
        var env = TestJobs.Env(parallelism);
        env.FromCollection(Enumerable.Range(0, 100_000))
           .Map(i => i == 90_000 ? throw new InvalidOperationException("record 90000 is poison") : i)
           .SinkTo(FileSink.Lines<int>(target, i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var ex = Assert.Throws<JobExecutionException>(() => env.Execute());
        Assert.Contains("record 90000 is poison", ex.Message);
        Assert.Empty(dir.FileNames);
    }

    [Fact]
    public void FileSinkRequiresAnExistingDirectory()
    {
        var ex = Assert.Throws<DirectoryNotFoundException>(() => FileSink.Lines<int>("/nonexistent-dir/out.txt", i => ""));
        Assert.Contains("/nonexistent-dir", ex.Message);
    }

    [Fact]
    public void FileSinkRunsWithParallelismOne()
    {
        var env = TestJobs.Env(4);
        using var dir = new TempDirectory();
        var sink = env.FromCollection([1]).SinkTo(FileSink.Lines<int>(Path.Combine(dir.Path, "x"), i => ""));
        var ex = Assert.Throws<InvalidOperationException>(() => sink.SetParallelism(2));
        Assert.Contains("requires parallelism 1", ex.Message);
    }
}
