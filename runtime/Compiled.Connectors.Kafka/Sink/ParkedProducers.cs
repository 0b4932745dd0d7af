using System.Collections.Concurrent;

namespace Compiled.Connectors.Kafka.Sink;

/// <summary>
/// Producers of failed attempts, kept alive for the restarted attempt in this process. librdkafka cannot commit a
/// transaction that another producer instance opened, so a pre-committed transaction whose checkpoint completed
/// can only be committed through the producer that holds it: when the runtime restarts a job in-process, the new
/// writer with the same transactional id takes it over and commits (or aborts) it. Producers nobody takes over
/// within <see cref="GracePeriod"/> are aborted and closed.
/// </summary>
internal static class ParkedProducers
{
    internal static readonly TimeSpan GracePeriod = TimeSpan.FromMinutes(5);

    private static readonly ConcurrentDictionary<string, (TransactionalProducer Producer, Timer Expiry)> s_parked = new(StringComparer.Ordinal);

    public static void Park(TransactionalProducer producer)
    {
        var expiry = new Timer(static state => Expire((TransactionalProducer)state!), producer, Timeout.Infinite, Timeout.Infinite);
        if (s_parked.TryRemove(producer.Id, out var older)) Close(older.Producer, older.Expiry);
        s_parked[producer.Id] = (producer, expiry);
        expiry.Change(GracePeriod, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The parked producer with <paramref name="transactionalId"/>, now owned by the caller, or null.</summary>
    public static TransactionalProducer? Take(string transactionalId)
    {
        if (!s_parked.TryRemove(transactionalId, out var parked)) return null;
        parked.Expiry.Dispose();
        return parked.Producer;
    }

    private static void Expire(TransactionalProducer producer)
    {
        if (s_parked.TryGetValue(producer.Id, out var parked) && parked.Producer == producer && s_parked.TryRemove(KeyValuePair.Create(producer.Id, parked)))
            Close(producer, parked.Expiry);
    }

    private static void Close(TransactionalProducer producer, Timer expiry)
    {
        expiry.Dispose();
        try { producer.Abort(); }
        catch (Confluent.Kafka.KafkaException) { }
        producer.Dispose();
    }

    /// <summary>Aborts and closes every parked producer (for tests that end with jobs that never restarted).</summary>
    internal static void CloseAll()
    {
        foreach (var id in s_parked.Keys)
            if (s_parked.TryRemove(id, out var parked)) Close(parked.Producer, parked.Expiry);
    }
}
