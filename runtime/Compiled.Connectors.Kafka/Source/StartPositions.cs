using Confluent.Kafka;

namespace Compiled.Connectors.Kafka.Source;

/// <summary>
/// The start and stop offsets of every partition when the job started, resolved once by the first reader that starts
/// (before any reader emits a record) and shared by all readers of the source: a message produced while the job
/// runs — even by the job itself — is never inside a bounded source's range for one reader and outside for another.
/// </summary>
internal sealed class StartPositions
{
    private readonly Lock _lock = new();
    private Dictionary<TopicPartition, (long Start, long Stop)>? _positions;

    /// <summary>The positions, resolved by <paramref name="resolve"/> on the first call.</summary>
    public Dictionary<TopicPartition, (long Start, long Stop)> Get(Func<Dictionary<TopicPartition, (long Start, long Stop)>> resolve)
    {
        lock (_lock) return _positions ??= resolve();
    }
}
