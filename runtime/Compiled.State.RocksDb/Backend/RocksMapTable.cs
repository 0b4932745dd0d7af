using System.Diagnostics.CodeAnalysis;
using Compiled.State.Snapshots;

namespace Compiled.State.RocksDb.Backend;

/// <summary>
/// Map state: one RocksDB entry per map entry, keyed (key group ‖ key ‖ namespace ‖ map key), so a lookup reads one
/// entry and iteration is a prefix scan; clearing a map is one DeleteRange. Each entry carries its own TTL stamp. In the
/// canonical format a map is one value (count, then key/value pairs), as the heap backend writes it.
/// </summary>
internal sealed class RocksMapTable<TKey, TNamespace, TUserKey, TUserValue>(RocksKeyedStateBackend<TKey> backend, StateDescriptor descriptor,
    StateSerializer<TUserKey> userKeys, StateSerializer<TUserValue> userValues)
    : RocksTableBase<TKey, TNamespace, Dictionary<TUserKey, TUserValue>>(backend, descriptor)
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
        byte[]? end = RocksKeys.Successor(prefix);
        using var iterator = end is null ? Database.NewIterator(Family) : Database.NewIterator(Family, end);
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

    public override bool Remove(TNamespace ns)
    {
        byte[] prefix = KeyOf(ns).Written.ToArray();
        bool any = Entries(ns, limit: 1).Count > 0;
        if (RocksKeys.Successor(prefix) is { } end) Database.DeleteRange(Family, prefix, end);
        return any;
    }

    public override void WriteKeyGroup(int keyGroup, SnapshotWriter writer)
    {
        var maps = new SnapshotWriter();
        var pairs = new SnapshotWriter();
        byte[]? current = null;
        long count = 0, pairCount = 0, stamp = 0;
        void Flush()
        {
            if (current is null) return;
            maps.WriteRaw(current);
            maps.WriteVarLong(stamp);
            maps.WriteVarLong(pairCount);
            maps.WriteRaw(pairs.Written);
            count++;
        }
        ForEachInKeyGroup(keyGroup, (key, value) =>
        {
            var reader = new SnapshotReader(key);
            Keys.Read(ref reader);
            Namespaces.Read(ref reader);
            var keyAndNamespace = key[..reader.Position];
            if (current is null || !keyAndNamespace.SequenceEqual(current))
            {
                Flush();
                current = keyAndNamespace.ToArray();
                pairs.Clear();
                pairCount = 0;
                stamp = 0;
            }
            var valueReader = new SnapshotReader(value);
            stamp = Math.Max(stamp, valueReader.ReadVarLong());
            pairs.WriteRaw(key[reader.Position..]);
            pairs.WriteRaw(valueReader.Remaining);
            pairCount++;
        });
        Flush();
        writer.WriteFixedLong(0); // a map has no schema fingerprint of its own, as in the heap backend
        writer.WriteVarLong(count);
        writer.WriteRaw(maps.Written);
    }

    public override void ReadKeyGroup(int keyGroup, ReadOnlySpan<byte> entries)
    {
        var reader = new SnapshotReader(entries);
        reader.ReadFixedLong();
        long count = reader.ReadVarLong();
        Span<byte> prefix = stackalloc byte[RocksKeys.KeyGroupPrefixLength];
        RocksKeys.WriteKeyGroup(prefix, keyGroup);
        var key = new SnapshotWriter();
        var value = new SnapshotWriter();
        using var batch = new RocksWriteBatch();
        for (long i = 0; i < count; i++)
        {
            int start = reader.Position;
            Keys.Read(ref reader);
            Namespaces.Read(ref reader);
            int keyEnd = reader.Position;
            long stamp = reader.ReadVarLong();
            long pairs = reader.ReadVarLong();
            for (long j = 0; j < pairs; j++)
            {
                int userKeyStart = reader.Position;
                userKeys.Read(ref reader);
                int userKeyEnd = reader.Position;
                userValues.Read(ref reader);
                key.Clear();
                key.WriteRaw(prefix);
                key.WriteRaw(entries[start..keyEnd]);
                key.WriteRaw(entries[userKeyStart..userKeyEnd]);
                value.Clear();
                value.WriteVarLong(stamp);
                value.WriteRaw(entries[userKeyEnd..reader.Position]);
                batch.Put(Family, key.Written, value.Written);
            }
        }
        if (!reader.End) throw new InvalidDataException($"State '{Name}': {entries.Length - reader.Position} unread bytes after {count} maps.");
        Database.Write(batch);
    }
}
