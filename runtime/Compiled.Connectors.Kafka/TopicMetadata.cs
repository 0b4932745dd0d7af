using Confluent.Kafka;

namespace Compiled.Connectors.Kafka;

/// <summary>Lists the partitions of topics through an existing client's connection.</summary>
internal sealed class TopicMetadata(Handle client, IReadOnlyList<string> topics, string bootstrapServers, TimeSpan timeout) : IDisposable
{
    private readonly IAdminClient _admin = new DependentAdminClientBuilder(client).Build();

    /// <summary>Every partition of every topic; a topic that does not exist fails with a message naming it.</summary>
    public List<TopicPartition> Partitions()
    {
        var partitions = new List<TopicPartition>();
        foreach (string topic in topics)
        {
            Metadata answer;
            try
            {
                answer = _admin.GetMetadata(topic, timeout);
            }
            catch (KafkaException ex) when (ex.Error.IsLocalError)
            {
                throw new InvalidOperationException($"Kafka at {bootstrapServers} did not answer within {timeout.TotalSeconds:0} s ({ex.Error.Reason}): check BootstrapServers and that the brokers run.", ex);
            }
            var metadata = answer.Topics.Single(t => t.Topic == topic);
            if (metadata.Error.Code == ErrorCode.UnknownTopicOrPart || (!metadata.Error.IsError && metadata.Partitions.Count == 0))
                throw new InvalidOperationException($"Kafka topic '{topic}' does not exist on {bootstrapServers}: create it, or correct the topic name.");
            if (metadata.Error.IsError) throw new KafkaException(metadata.Error);
            partitions.AddRange(metadata.Partitions.Select(p => new TopicPartition(topic, p.PartitionId)));
        }
        return partitions;
    }

    public void Dispose() => _admin.Dispose();
}
