using Compiled.Api;
using Compiled.Cluster;
using Compiled.Connectors.Files;
using Compiled.Connectors.Kafka.Formats;
using Compiled.Connectors.Kafka.Sink;
using Compiled.Connectors.Nexmark;
using Compiled.EventTime;

namespace Nexmark.Cli;

/// <summary>Executes a <see cref="GenerateCommand"/>: writes the generator's events as Nexmark JSON lines.</summary>
public static class GenerateEvents
{
    /// <summary>
    /// Writes events 0 .. N-1 to the output file in event-number order (a parallelism-1 job: generator source to
    /// file sink), and reports on <paramref name="err"/>.
    /// </summary>
    public static void Execute(GenerateCommand command, TextWriter err)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(err);
        var env = new StreamEnvironment(new ExecutionConfig { Parallelism = 1 });
        env.FromSource(NexmarkSource.Events(new NexmarkGeneratorConfig { EventCount = command.Events }), WatermarkStrategy.NoWatermarks<NexmarkEvent>(), "Nexmark generator")
           .SinkTo(FileSink.JsonLines<NexmarkEvent>(command.Output, static (writer, e) => NexmarkJson.Write(writer, e)), "events file");
        var result = env.Execute("nexmark-generate");
        err.WriteLine($"generate: {command.Events} events written to {command.Output} in {result.Duration.TotalSeconds:0.000} s");
    }

    // Unkeyed messages go to one partition for a while and then to another at random ("sticky" batches), which leaves
    // some partitions of a small topic empty (holding back event time) and others overfull; one random partition per
    // message spreads the events evenly.
    private static readonly Dictionary<string, string> EvenSpread = new() { ["sticky.partitioning.linger.ms"] = "0" };

    /// <summary>
    /// Writes events 0 .. N-1 into a Kafka topic, one JSON event per message (the shape <c>--input-topic</c> reads), in
    /// event-number order per partition. <paramref name="generator"/> overrides the generator's defaults other than the
    /// event count (e.g. a lower event rate, so fewer events span more event time).
    /// </summary>
    public static void Produce(ProduceCommand command, TextWriter err, NexmarkGeneratorConfig? generator = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(err);
        var env = new StreamEnvironment(new ExecutionConfig { Parallelism = 1 });
        var config = (generator ?? new NexmarkGeneratorConfig()) with { EventCount = command.Events };
        env.FromSource(NexmarkSource.Events(config), WatermarkStrategy.NoWatermarks<NexmarkEvent>(), "Nexmark generator")
           .SinkTo(new KafkaSink<NexmarkEvent>(new KafkaSinkOptions<NexmarkEvent> { BootstrapServers = command.BootstrapServers, Topic = command.Topic, Properties = EvenSpread },
               KafkaFormat.Json<NexmarkEvent>(null, static (writer, e) => NexmarkJson.Write(writer, e))), "events topic");
        var result = env.Execute("nexmark-produce");
        err.WriteLine($"produce: {command.Events} events written to topic {command.Topic} in {result.Duration.TotalSeconds:0.000} s");
    }
}
