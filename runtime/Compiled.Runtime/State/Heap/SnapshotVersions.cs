namespace Compiled.State.Heap;

/// <summary>
/// Copy-on-write bookkeeping of one heap backend. Every capture starts a new version; key-group dictionaries and entry
/// values carry the version they were created or copied at, and one older than the newest running snapshot may be
/// shared with a snapshot, so the task copies it before changing it. Releasing a snapshot (written or abandoned, on
/// the checkpoint writer thread) lowers that bound; with no snapshot running nothing is copied.
/// </summary>
internal sealed class SnapshotVersions
{
    private readonly Lock _gate = new();
    private readonly List<int> _running = [];
    private int _current;
    private volatile int _sharedBelow;
    private long _groupCopies;
    private long _valueCopies;

    /// <summary>Version that new or copied dictionaries and values get (task thread).</summary>
    public int Current => _current;

    /// <summary>Dictionaries and values with a version below this may be shared with a running snapshot.</summary>
    public int SharedBelow => _sharedBelow;

    /// <summary>Snapshots captured and not released yet.</summary>
    public int Running
    {
        get { lock (_gate) return _running.Count; }
    }

    /// <summary>Key-group dictionaries copied because a snapshot shared them (for tests and metrics).</summary>
    public long GroupCopies => Interlocked.Read(ref _groupCopies);

    /// <summary>Values copied because a snapshot shared them (for tests and metrics).</summary>
    public long ValueCopies => Interlocked.Read(ref _valueCopies);

    /// <summary>Starts a snapshot on the task thread: everything existing now is shared with it.</summary>
    public int Begin()
    {
        lock (_gate)
        {
            int version = ++_current;
            _running.Add(version);
            _sharedBelow = version;
            return version;
        }
    }

    /// <summary>Ends the snapshot of <paramref name="version"/> (any thread; again is a no-op).</summary>
    public void Release(int version)
    {
        lock (_gate)
        {
            if (!_running.Remove(version)) return;
            _sharedBelow = _running.Count == 0 ? 0 : _running.Max();
        }
    }

    public void CountGroupCopy() => Interlocked.Increment(ref _groupCopies);

    public void CountValueCopy() => Interlocked.Increment(ref _valueCopies);
}
