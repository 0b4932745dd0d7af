using System.Text.Json.Serialization;

namespace Compiled.Connectors.Kafka.Tests.Support;

/// <summary>A sensor reading: the test record, as JSON in topics.</summary>
/// <param name="Sensor">Sensor name (the key).</param>
/// <param name="Time">Event time, epoch ms.</param>
/// <param name="Value">Measured value.</param>
public sealed record Reading(string Sensor, long Time, long Value)
{
    /// <summary>Reading <paramref name="i"/> of a deterministic sequence: 7 sensors, 10 ms apart.</summary>
    public static Reading Number(int i) => new($"s{i % 7}", 1_000_000 + i * 10L, i % 13);

    /// <summary>The JSON of <paramref name="i"/>.</summary>
    public static string Json(int i) => System.Text.Json.JsonSerializer.Serialize(Number(i), TestJson.Default.Reading);
}

/// <summary>Source-generated JSON of the test records.</summary>
[JsonSerializable(typeof(Reading))]
public sealed partial class TestJson : JsonSerializerContext;
