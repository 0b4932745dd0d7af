using Compiled.State.Snapshots;

namespace Compiled.State;

/// <summary>
/// The keyed state of an operator instance captured at a barrier: produces each key group's canonical bytes
/// (<see cref="KeyedStateBackend{TKey}.SnapshotKeyGroup"/>) as of the capture, later and on another thread. Dispose it
/// once written or abandoned: a backend that shares its live state with the capture stops protecting it then.
/// </summary>
public abstract class KeyedStateCapture : IDisposable
{
    /// <summary>The canonical bytes of <paramref name="keyGroup"/> as of the capture (once per key group, any thread).</summary>
    public abstract byte[] WriteKeyGroup(int keyGroup);

    /// <summary>
    /// Appends the canonical bytes of <paramref name="keyGroup"/> as of the capture to <paramref name="output"/> (once per
    /// key group, one thread at a time); backends that can serialize in place override it to spare the copy.
    /// </summary>
    public virtual void WriteKeyGroup(int keyGroup, SnapshotWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteRaw(WriteKeyGroup(keyGroup));
    }

    /// <summary>Releases what the capture holds (again is a no-op).</summary>
    public void Dispose()
    {
        Release();
        GC.SuppressFinalize(this);
    }

    /// <summary>Called by <see cref="Dispose"/>.</summary>
    protected virtual void Release() { }

    /// <summary>A capture that serialized every key group at once.</summary>
    internal sealed class Serialized(Dictionary<int, byte[]> groups) : KeyedStateCapture
    {
        public override byte[] WriteKeyGroup(int keyGroup) => groups[keyGroup];
    }
}
