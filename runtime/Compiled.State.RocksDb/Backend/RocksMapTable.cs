using System.Diagnostics.CodeAnalysis;
using Compiled.State.Snapshots;

namespace Compiled.State.RocksDb.Backend;

/// <summary>
/// Map state: one RocksDB entry per map entry, keyed (key group ‖ key ‖ namespace ‖ map key), so a lookup reads one
/// entry and iteration is a prefix scan; clearing a map is one DeleteRange. Each entry carries its own TTL stamp.
/// </summary>
internal sealed class RocksMapTable<TKey, TNamespace, TUserKey, TUserValue>(RocksKeyedStateBackend<TKey> backend, StateDescriptor descriptor,
    StateSerializer<TUserKey> userKeys, StateSerializer<TUserValue> userValues)
    : RocksMultiEntryTable<TKey, TNamespace, Dictionary<TUserKey, TUserValue>>(backend, descriptor)
    where TKey : notnull where TNamespace : notnull where TUserKey : notnull
{
    private SnapshotWriter EntryKey(TNamespace ns, TUserKey userKey)
    {
        var key = KeyOf(ns);
        userKeys.Write(key, userKey);
        return key;
    }

    public bool TryGetEntry(TNamespace ns, TUserKey userKey, [MaybeNullWhen(false)] out TUserValue value)
    {
        var key = EntryKey(ns, userKey);
        if (Read(key.Written))
        {
            var reader = new SnapshotReader(ReadBuffer.WrittenSpan);
            if (!Expired(reader.ReadVarLong()))
            {
                value = userValues.Read(ref reader);
                return true;
            }
            Database.Delete(Family, key.Written);
        }
        value = default;
        return false;
    }

    public void PutEntry(TNamespace ns, TUserKey userKey, TUserValue value)
    {
        var key = EntryKey(ns, userKey);
        ValueBuffer.Clear();
        ValueBuffer.WriteVarLong(Stamp());
        userValues.Write(ValueBuffer, value);
        Database.Put(Family, key.Written, ValueBuffer.Written);
    }

    public bool RemoveEntry(TNamespace ns, TUserKey userKey)
    {
        bool existed = TryGetEntry(ns, userKey, out _);
        if (existed) Database.Delete(Family, EntryKey(ns, userKey).Written);
        return existed;
    }

    /// <summary>The live entries of the current key's map in <paramref name="ns"/>.</summary>
    public List<KeyValuePair<TUserKey, TUserValue>> Entries(TNamespace ns, int limit = int.MaxValue)
    {
        byte[] prefix = KeyOf(ns).Written.ToArray();
        var result = new List<KeyValuePair<TUserKey, TUserValue>>();
        using var iterator = OpenPrefix(prefix);
        for (iterator.Seek(prefix); iterator.Valid && result.Count < limit && iterator.Key.StartsWith(prefix); iterator.Next())
        {
            var valueReader = new SnapshotReader(iterator.Value);
            if (Expired(valueReader.ReadVarLong())) continue;
            var keyReader = new SnapshotReader(iterator.Key[prefix.Length..]);
            result.Add(new(userKeys.Read(ref keyReader), userValues.Read(ref valueReader)));
        }
        return result;
    }

    public override bool TryGet(TNamespace ns, [MaybeNullWhen(false)] out Dictionary<TUserKey, TUserValue> value)
    {
        var entries = Entries(ns);
        value = entries.Count == 0 ? null : new Dictionary<TUserKey, TUserValue>(entries);
        return value is not null;
    }

    public override void Put(TNamespace ns, Dictionary<TUserKey, TUserValue> value)
    {
        Remove(ns);
        foreach (var (k, v) in value) PutEntry(ns, k, v);
    }

    protected override void WriteCanonicalElement(SnapshotWriter writer, ReadOnlySpan<byte> suffix, ReadOnlySpan<byte> value)
    {
        writer.WriteRaw(suffix); // the map key
        writer.WriteRaw(value);
    }

    protected override void ReadCanonicalElement(ReadOnlySpan<byte> entries, ref SnapshotReader reader, long index, SnapshotWriter suffix, out int valueStart)
    {
        int userKeyStart = reader.Position;
        userKeys.Read(ref reader);
        suffix.WriteRaw(entries[userKeyStart..reader.Position]);
        valueStart = reader.Position;
        userValues.Read(ref reader);
    }
}
