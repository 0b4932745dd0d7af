using Compiled.Cluster;
using Compiled.Connectors;
using Compiled.Connectors.Files;
using Compiled.EventTime;
using Compiled.Tests.Support;

namespace Compiled.Tests.Connectors.Files;

public class FileSourceTests
{
    private static (string Name, int Amount) ParseOrder(string[] fields) =>
        fields.Length == 2 ? (fields[0], int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture)) : throw new FormatException($"expected 2 fields, got {fields.Length}");

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void MalformedLinesGoToTheDeadLetterOutputWithFileLineAndReason(int parallelism)
    {
        using var dir = new TempDirectory();
        string file = dir.Write("orders.csv", "apple,3\npear,x\n\nplum,5\nonly-one-field\r\nfig,7");
        var env = TestJobs.Env(parallelism);
        var records = new CollectSink<(string Name, int Amount)>();
        var dead = new CollectSink<DeadLetter>();
        var stream = env.FromSource(FileSource.Csv(file, ParseOrder), WatermarkStrategy.NoWatermarks<(string Name, int Amount)>());
        stream.SinkTo(records);
        stream.GetSideOutput(DeadLetter.Tag).SinkTo(dead);
        var result = env.Execute();

        Assert.Equal([("apple", 3), ("fig", 7), ("plum", 5)], records.Results.Order());
        var letters = dead.Results.OrderBy(l => l.Position).ToList();
        Assert.Equal(2, letters.Count);
        Assert.Equal((Path.GetFullPath(file), 2L, "pear,x"), (Path.GetFullPath(letters[0].Source), letters[0].Position, letters[0].Content));
        Assert.Contains("not in a correct format", letters[0].Reason);
        Assert.Equal((5L, "only-one-field", "expected 2 fields, got 1"), (letters[1].Position, letters[1].Content, letters[1].Reason));
        Assert.Equal(2, result.DeadLetters);
    }

    [Fact]
    public void CustomLineParserReadsJsonLinesAndRejectsBadOnes()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("events.jsonl", "{\"id\":1,\"name\":\"a\"}\n{\"id\":2,\n{\"id\":3,\"name\":\"c\"}\n");
        LineParser<(int Id, string Name)> parser = (ReadOnlySpan<byte> line, out (int Id, string Name) value, out string? error) =>
        {
            try
            {
                using var doc = System.Text.Json.JsonDocument.Parse(line.ToArray());
                value = (doc.RootElement.GetProperty("id").GetInt32(), doc.RootElement.GetProperty("name").GetString()!);
                error = null;
                return true;
            }
            catch (System.Text.Json.JsonException ex)
            {
                value = default;
                error = "bad json: " + ex.GetType().Name;
                return false;
            }
        };
        var env = TestJobs.Env(1);
        var records = new CollectSink<(int Id, string Name)>();
        var dead = new CollectSink<DeadLetter>();
        var stream = env.FromSource(FileSource.Lines(file, parser), WatermarkStrategy.NoWatermarks<(int Id, string Name)>());
        stream.SinkTo(records);
        stream.GetSideOutput(DeadLetter.Tag).SinkTo(dead);
        env.Execute();

        Assert.Equal([(1, "a"), (3, "c")], records.Results);
        var letter = Assert.Single(dead.Results);
        Assert.Equal(2, letter.Position);
        Assert.StartsWith("bad json: ", letter.Reason);
        Assert.Equal("{\"id\":2,", letter.Content);
    }

    [Fact]
    public void FailPolicyFailsTheJobNamingFileAndLine()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("orders.csv", "apple,3\nplum,5\npear,x\nfig,7\n");
        var env = TestJobs.Env(1);
        env.FromSource(FileSource.Csv(file, ParseOrder), WatermarkStrategy.NoWatermarks<(string Name, int Amount)>(), "Orders", MalformedRecordPolicy.Fail)
           .SinkTo(new CollectSink<(string Name, int Amount)>());

        var ex = Assert.Throws<JobExecutionException>(() => env.Execute("orders-job"));
        Assert.Contains($"Malformed record in {Path.GetFullPath(file)} at 3", ex.Message);
        Assert.Contains("orders-job", ex.Message);
        Assert.IsType<InvalidDataException>(ex.InnerException);
    }

    [Fact]
    public void CsvHonoursQuotesAndSkipsTheHeader()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("people.csv",
            "name,city,quote\n" +
            "\"Smith, John\",Paris,\"He said \"\"hi\"\"\"\n" +
            "Ana,\"New\nYork\",plain\n" +
            "Bo,,\"\"\n");
        var env = TestJobs.Env(1);
        var records = new CollectSink<string>();
        var dead = new CollectSink<DeadLetter>();
        var stream = env.FromSource(FileSource.Csv(file, f => string.Join("|", f), skipHeader: true), WatermarkStrategy.NoWatermarks<string>());
        stream.SinkTo(records);
        stream.GetSideOutput(DeadLetter.Tag).SinkTo(dead);
        env.Execute();

        // Records are single lines: a line break inside quotes leaves an unterminated field, which is a dead letter.
        Assert.Equal(["Smith, John|Paris|He said \"hi\"", "York\"|plain", "Bo||"], records.Results);
        Assert.Equal([(3L, "unterminated quoted field")], dead.Results.Select(l => (l.Position, l.Reason)));
    }

    [Fact]
    public void CsvSplitAndQuoteRoundTrip()
    {
        string[] fields = ["plain", "with,comma", "with \"quote\"", "", "line\nbreak"];
        string line = string.Join(",", fields.Select(f => Csv.Quote(f)));
        Assert.Equal("plain,\"with,comma\",\"with \"\"quote\"\"\",,\"line\nbreak\"", line);
        Assert.Equal(fields, Csv.Split(line));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void EveryFileOfADirectoryIsReadOnceAcrossSubtasks(int parallelism)
    {
        using var dir = new TempDirectory();
        for (int f = 0; f < 5; f++)
            dir.Write($"part-{f}.csv", string.Concat(Enumerable.Range(0, 1000).Select(i => $"f{f},{i}\n")));
        dir.Write(".hidden.csv", "ignored,1\n");
        var env = TestJobs.Env(parallelism);
        var sink = new CollectSink<(string Name, int Amount)>();
        env.FromSource(new FileSource<(string Name, int Amount)>([dir.Path], LineFormat.Csv(ParseOrder)), WatermarkStrategy.NoWatermarks<(string Name, int Amount)>())
           .SinkTo(sink);
        env.Execute();

        var expected = from f in Enumerable.Range(0, 5) from i in Enumerable.Range(0, 1000) select ($"f{f}", i);
        Assert.Equal(expected.Order(), sink.Results.Order());
    }

    [Fact]
    public void LinesLongerThanTheLimitAreDeadLetters()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("long.csv", "a,1\n" + new string('x', 5000) + ",2\nb,3\n");
        var env = TestJobs.Env(1);
        var records = new CollectSink<(string Name, int Amount)>();
        var dead = new CollectSink<DeadLetter>();
        var stream = env.FromSource(new FileSource<(string Name, int Amount)>([file], LineFormat.Csv(ParseOrder), maxLineBytes: 1024),
            WatermarkStrategy.NoWatermarks<(string Name, int Amount)>());
        stream.SinkTo(records);
        stream.GetSideOutput(DeadLetter.Tag).SinkTo(dead);
        env.Execute();

        Assert.Equal([("a", 1), ("b", 3)], records.Results);
        Assert.Equal([(2L, "line longer than 1024 bytes")], dead.Results.Select(l => (l.Position, l.Reason)));
    }

    [Fact]
    public void MissingInputFileIsReportedWhenTheSourceIsCreated()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => FileSource.Csv("/nonexistent/input.csv", f => f[0]));
        Assert.Contains("/nonexistent/input.csv", ex.Message);
    }
}
