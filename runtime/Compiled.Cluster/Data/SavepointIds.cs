namespace Compiled.Cluster.Data;

/// <summary>
/// The checkpoint ids of one attempt on one worker that are savepoints (their keyed state is written in the canonical
/// format, never as incremental files). A worker learns an id from the coordinator's trigger at a source, or from a
/// barrier that arrives marked over the network; it marks the barriers it sends on. A barrier therefore always arrives
/// after its savepoint mark, and every task knows whether a barrier is a savepoint before it snapshots.
/// </summary>
internal sealed class SavepointIds
{
    private readonly HashSet<long> _ids = [];
    private readonly Lock _gate = new();

    public void Add(long checkpointId)
    {
        lock (_gate) _ids.Add(checkpointId);
    }

    public bool Contains(long checkpointId)
    {
        lock (_gate) return _ids.Contains(checkpointId);
    }
}
