using System.Text;
using Compiled.Api;
using Compiled.Connectors.Files;
using Compiled.Connectors.Kafka.Formats;
using Compiled.Connectors.Kafka.Source;
using Compiled.EventTime;
using Compiled.Functions;
using Compiled.Windowing;

namespace Compiled.Connectors.Kafka.Tests.Support;

/// <summary>The jobs the source tests run: readings from a topic, summed per sensor and event-time window.</summary>
public static class ReadingJobs
{
    /// <summary>Watermarks from the readings' times, per partition, with no disorder allowed (each partition is in time order).</summary>
    public static WatermarkStrategy<Reading> Watermarks => WatermarkStrategy.ForMonotonousTimestamps<Reading>(static r => r.Time);

    /// <summary>A source of JSON readings.</summary>
    public static KafkaSource<Reading> Source(string bootstrap, string topic, bool bounded = true, KafkaStartOffsets? start = null, string? group = null) =>
        new(new KafkaSourceOptions
        {
            BootstrapServers = bootstrap,
            Topics = [topic],
            Bounded = bounded,
            StartFrom = start ?? KafkaStartOffsets.Earliest,
            GroupId = group,
        }, KafkaFormat.Json(TestJson.Default.Reading));

    /// <summary>Sums per sensor and 1 s tumbling window, as lines "sensor,windowEnd,count,sum".</summary>
    public static DataStream<string> WindowSums(DataStream<Reading> readings) =>
        readings.KeyBy(static r => r.Sensor)
            .Window(TumblingEventTimeWindows.Of(TimeSpan.FromSeconds(1)))
            .Aggregate(new CountAndSum(), new AsLine());

    /// <summary>Lines committed in a part-file directory, sorted.</summary>
    public static List<string> Committed(string directory) =>
        [.. Directory.EnumerateFiles(directory).Where(f => !Path.GetFileName(f).StartsWith('.')).SelectMany(File.ReadAllLines).Order(StringComparer.Ordinal)];

    /// <summary>An exactly-once part-file sink of lines.</summary>
    public static PartFileSink<string> Lines(string directory) =>
        new(directory, static (line, buffer) => Encoding.UTF8.GetBytes(line, buffer), ".csv");

    /// <summary>Count and sum packed in one long (count × 2^32 + sum), a type window state can checkpoint.</summary>
    private sealed class CountAndSum : IAggregateFunction<Reading, long, long>
    {
        public long CreateAccumulator() => 0;
        public long Add(in Reading value, long acc) => acc + (1L << 32) + value.Value;
        public long GetResult(long acc) => acc;
        public long Merge(long a, long b) => a + b;
    }

    private sealed class AsLine : ProcessWindowFunction<long, string, string, TimeWindow>
    {
        public override void Process(string key, WindowContext<TimeWindow> context, IReadOnlyList<long> elements, ICollector<string> output) =>
            output.Collect($"{key},{context.Window.End},{elements[0] >> 32},{elements[0] & 0xFFFFFFFF}");
    }
}
