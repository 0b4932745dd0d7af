using Nexmark.Cli;

namespace Nexmark.Tests.Cli;

/// <summary>The Kafka options of the command line: what they parse to, and wrong combinations with what to change.</summary>
public sealed class KafkaArgumentTests
{
    public static TheoryData<string[], string> BadArguments() => new()
    {
        { ["--query", "q5", "--input-topic", "events"], "--input-topic and --output-topic need --kafka-bootstrap HOST:PORT" },
        { ["--query", "q5", "--kafka-bootstrap", "localhost:9092"], "--kafka-bootstrap needs --input-topic T, --output-topic T or both" },
        { ["--query", "q5", "--kafka-bootstrap", "k:9092", "--input-topic", "e", "--events", "5"], "Use one input: --input-topic T, --input FILE or --events N" },
        { ["--query", "q5", "--bounded"], "--bounded applies to --input-topic only" },
        { ["--query", "q5", "--kafka-bootstrap", "k:9092", "--output-topic", "o", "--bounded"], "--bounded applies to --input-topic only" },
        { ["--query", "q5", "--kafka-bootstrap", "k:9092", "--output-topic", "o", "--output", "out.jsonl"], "Use either --output FILE or --output-topic T, not both" },
        { ["--query", "q5", "--kafka-bootstrap", "k:9092", "--output-topic", "o", "--transaction-log", "t.jsonl"], "--transaction-log records the transactions of an exactly-once Kafka output: it needs --output-topic T and --checkpoint-dir DIR" },
        { ["--query", "q5", "--kafka-bootstrap", "k:9092", "--input-topic", "e", "--checkpoint-dir", "c", "--transaction-log", "t.jsonl"], "it needs --output-topic T and --checkpoint-dir DIR" },
        { ["produce", "--events", "10", "--kafka-bootstrap", "k:9092"], "Missing --topic" },
        { ["produce", "--events", "10", "--topic", "t"], "Missing --kafka-bootstrap" },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public void WrongCombinationsExitWithTwoAndSayWhatToChange(string[] args, string message)
    {
        var run = CliRunner.Run(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void BoundedIsAFlagAndTheTopicsParseIntoKafkaOptions()
    {
        var command = Assert.IsType<RunCommand>(ArgumentParser.Parse(
            ["--query", "q7", "--kafka-bootstrap", "k:9092", "--input-topic", "events", "--bounded", "--output-topic", "rows", "--parallelism", "2"]));

        Assert.Equal(new KafkaOptions("k:9092", "events", Bounded: true, "rows"), command.Kafka);
        Assert.Equal(2, command.Parallelism);
        Assert.Null(command.Input);
    }

    [Fact]
    public void ProduceParsesItsOptions() =>
        Assert.Equal(new ProduceCommand(1000, "k:9092", "events"), ArgumentParser.Parse(["produce", "--events", "1000", "--kafka-bootstrap", "k:9092", "--topic", "events"]));
}
