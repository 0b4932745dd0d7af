using System.Text.Json.Serialization;
using Compiled.Api;
using Compiled.Cluster;
using Compiled.Connectors;
using Compiled.Connectors.Files;
using Compiled.Tests.Support;

namespace Compiled.Tests.Connectors.Files;

/// <summary>A record read and written through System.Text.Json's source generation (no reflection).</summary>
public sealed record Reading(string Sensor, double Value, long Time);

[JsonSerializable(typeof(Reading))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class ReadingJsonContext : JsonSerializerContext;

public class JsonFormatTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void JsonLinesRoundTripThroughSourceGeneratedTypesWithMalformedLinesAsDeadLetters(int parallelism)
    {
        using var dir = new TempDirectory();
        string input = dir.Write("in.jsonl", string.Join('\n',
            """{"sensor":"a","value":1.5,"time":1000}""",
            """{"sensor":"b","value":-2,"time":2000}""",
            """{"sensor":"a","value":"oops","time":3000}""",
            """not json at all""",
            """{"sensor":"c","value":4.25,"time":4000}"""));
        string output = System.IO.Path.Combine(dir.Path, "out.jsonl");

        var env = new StreamEnvironment(new ExecutionConfig { Parallelism = parallelism });
        var readings = env.FromSource(FileSource.JsonLines(input, ReadingJsonContext.Default.Reading), Compiled.EventTime.WatermarkStrategy.NoWatermarks<Reading>());
        var deadLetters = new CollectSink<DeadLetter>();
        readings.GetSideOutput(DeadLetter.Tag).SinkTo(deadLetters);
        readings.Map(r => r with { Value = r.Value * 2 }).SinkTo(FileSink.JsonLines(output, ReadingJsonContext.Default.Reading));

        var result = env.Execute();

        Assert.Equal(
            [
                """{"sensor":"a","value":3,"time":1000}""",
                """{"sensor":"b","value":-4,"time":2000}""",
                """{"sensor":"c","value":8.5,"time":4000}""",
            ],
            File.ReadAllLines(output).Order(StringComparer.Ordinal));
        Assert.Equal(2, result.DeadLetters);
        Assert.Equal([3L, 4L], deadLetters.Results.Select(d => d.Position).Order());
        Assert.All(deadLetters.Results, d => Assert.Equal(input, d.Source));
        Assert.Contains(deadLetters.Results, d => d.Content == "not json at all" && d.Reason.Length > 0);
    }
}
