using System.Collections.Concurrent;

namespace Compiled.Connectors;

/// <summary>Collects the records of a bounded job in memory, for tests and small results (as Flink's collect()).</summary>
public sealed class CollectSink<T> : ISink<T>
{
    private readonly ConcurrentQueue<(T Value, long Timestamp)> _items = new();

    /// <summary>The collected records, in arrival order per subtask.</summary>
    public IReadOnlyList<T> Results => _items.Select(i => i.Value).ToList();

    /// <summary>The collected records with their event timestamps.</summary>
    public IReadOnlyList<(T Value, long Timestamp)> TimestampedResults => _items.ToList();

    /// <inheritdoc />
    public ISinkWriter<T> CreateWriter(SinkContext context) => new Writer(_items);

    private sealed class Writer(ConcurrentQueue<(T, long)> items) : ISinkWriter<T>
    {
        public void Write(in T value, long timestamp) => items.Enqueue((value, timestamp));
        public void Finish() { }
        public void Dispose() { }
    }
}
