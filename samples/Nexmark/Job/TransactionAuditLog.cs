using System.Text.Json;
using Compiled.Connectors.Kafka.Sink;

namespace Nexmark.Job;

/// <summary>
/// Appends every step of the Kafka sink's transactions to a file as JSON lines
/// <c>{"id","action","checkpoint","records":[[partition,offset],…]}</c>, flushed line by line so a killed job leaves every
/// step it took before it died. An audit trail: which transactions committed which records, which were aborted, and
/// which a restart could not commit.
/// </summary>
public sealed class TransactionAuditLog : IDisposable
{
    private readonly StreamWriter _file;
    private readonly Lock _gate = new();

    /// <summary>Opens (appends to) <paramref name="path"/>.</summary>
    public TransactionAuditLog(string path) => _file = new StreamWriter(path, append: true) { AutoFlush = true };

    /// <summary>The listener to give the sink; called from every sink subtask.</summary>
    public void Record(KafkaTransactionEvent step)
    {
        ArgumentNullException.ThrowIfNull(step);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", step.TransactionalId);
            json.WriteString("action", step.Action.ToString());
            if (step.CheckpointId is { } checkpoint) json.WriteNumber("checkpoint", checkpoint);
            else json.WriteNull("checkpoint");
            json.WriteStartArray("records");
            foreach (var record in step.Records)
            {
                json.WriteStartArray();
                json.WriteNumberValue(record.Partition.Value);
                json.WriteNumberValue(record.Offset.Value);
                json.WriteEndArray();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        string line = System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        lock (_gate) _file.WriteLine(line);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate) _file.Dispose();
    }
}
