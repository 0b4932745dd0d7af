using Compiled.Api;
using Compiled.Cluster;
using Compiled.Connectors.Kafka.Tests.Support;
using Compiled.EventTime;

namespace Compiled.Connectors.Kafka.Tests.Source;

/// <summary>Per-partition watermarks and dead letters of malformed messages.</summary>
[Collection(KafkaCollection.Name)]
public sealed class KafkaSourceEventTimeTests(MockClusterFixture kafka)
{
    /// <summary>Starts an unbounded windowed job over <paramref name="topic"/>; windows fire only as event time advances.</summary>
    private static (CollectSink<string> Windows, JobClient Job) StartWindows(string bootstrap, string topic, WatermarkStrategy<Reading> watermarks, CancellationToken cancellation)
    {
        var env = new StreamEnvironment(new ExecutionConfig { Parallelism = 2 });
        var windows = new CollectSink<string>();
        ReadingJobs.WindowSums(env.FromSource(ReadingJobs.Source(bootstrap, topic, bounded: false), watermarks)).SinkTo(windows);
        return (windows, env.ExecuteAsync("windows", cancellation));
    }

    [Fact]
    public void AnIdlePartitionHoldsBackEventTimeUntilIdlenessExcludesIt()
    {
        string topic = kafka.CreateTopic("idle", partitions: 3);
        // Readings keep arriving in partitions 0 and 1, 10 ms of event time apart; partition 2 stays empty.
        using var producer = new ProducerThread(kafka.Bootstrap, topic, partitions: 2, count: 4000);
        var firstWindow = Enumerable.Range(0, 100).GroupBy(i => $"s{i % 7}")
            .Select(g => $"{g.Key},{Reading.Number(0).Time + 1000},{g.Count()},{g.Sum(i => i % 13)}").Order(StringComparer.Ordinal).ToList();

        using (var cancellation = new CancellationTokenSource())
        {
            var (windows, job) = StartWindows(kafka.Bootstrap, topic, ReadingJobs.Watermarks, cancellation.Token);
            Waits.Until(() => producer.Produced > 400, "4 s of event time are produced");
            Thread.Sleep(500);
            Assert.Empty(windows.Results); // the empty partition's watermark is still at its minimum
            Waits.Cancel(cancellation, job);
        }

        using (var cancellation = new CancellationTokenSource())
        {
            // Idleness well above a fetch's delay on a loaded machine: a partition with data that is slow to deliver its
            // first batch must not count as idle, or the window fires without it (its readings then come late).
            var (windows, job) = StartWindows(kafka.Bootstrap, topic, ReadingJobs.Watermarks.WithIdleness(TimeSpan.FromSeconds(2)), cancellation.Token);
            Waits.Until(() => windows.Results.Count >= 7, "the first window fires with the empty partition idle");
            Waits.Cancel(cancellation, job);
            Assert.Equal(firstWindow, windows.Results.Where(w => w.Split(',')[1] == firstWindow[0].Split(',')[1]).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void MalformedMessagesGoToTheDeadLetterOutputWithTopicPartitionAndOffset()
    {
        string topic = kafka.CreateTopic("dead-letters", partitions: 2);
        var good = Topics.Produce(kafka.Bootstrap, topic, Enumerable.Range(0, 50).Select(Reading.Json), partitions: 2);
        var bad = Topics.Produce(kafka.Bootstrap, topic, ["{\"Sensor\":\"s1\",\"Time\":", "not json", "{\"Sensor\":\"s1\",\"Time\":\"soon\",\"Value\":1}"], partitions: 2, onlyPartition: 1);
        Topics.Produce(kafka.Bootstrap, topic, Enumerable.Range(50, 50).Select(Reading.Json), partitions: 2);

        var env = new StreamEnvironment(new ExecutionConfig { Parallelism = 2 });
        var readings = env.FromSource(ReadingJobs.Source(kafka.Bootstrap, topic), WatermarkStrategy.NoWatermarks<Reading>());
        var main = new CollectSink<Reading>();
        var dead = new CollectSink<DeadLetter>();
        readings.SinkTo(main);
        readings.GetSideOutput(DeadLetter.Tag).SinkTo(dead);
        var result = env.Execute();

        Assert.Equal(100, main.Results.Count);
        Assert.Equal(3, result.DeadLetters);
        Assert.Equal(bad.Select(b => ($"{topic}/1", b.Offset.Value)), dead.Results.Select(d => (d.Source, d.Position)).Order());
        Assert.Equal(["not json", "{\"Sensor\":\"s1\",\"Time\":", "{\"Sensor\":\"s1\",\"Time\":\"soon\",\"Value\":1}"], dead.Results.Select(d => d.Content).Order(StringComparer.Ordinal));
        Assert.All(dead.Results, d => Assert.StartsWith("malformed JSON message: ", d.Reason));
        Assert.Equal(50, good.Count);
    }
}
