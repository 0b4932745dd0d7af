using System.Diagnostics.CodeAnalysis;
using Compiled.State.Snapshots;

namespace Compiled.State.RocksDb.Backend;

/// <summary>
/// One value per (key, namespace): value, list (the whole list is the value), reducing and aggregating states, and
/// window contents. The stored value is the TTL stamp ‖ the value, so a canonical entry is the key's bytes after the
/// key-group prefix followed by the stored value, byte for byte.
/// </summary>
internal sealed class RocksValueTable<TKey, TNamespace, TValue>(RocksKeyedStateBackend<TKey> backend, StateDescriptor descriptor, StateSerializer<TValue> values)
    : RocksTableBase<TKey, TNamespace, TValue>(backend, descriptor)
    where TKey : notnull where TNamespace : notnull
{
    public override bool TryGet(TNamespace ns, [MaybeNullWhen(false)] out TValue value)
    {
        var key = KeyOf(ns);
        if (!Read(key.Written))
        {
            value = default;
            return false;
        }
        var reader = new SnapshotReader(ReadBuffer.WrittenSpan);
        long stamp = reader.ReadVarLong();
        if (Expired(stamp))
        {
            Database.Delete(Family, key.Written);
            value = default;
            return false;
        }
        value = values.Read(ref reader);
        if (RefreshOnRead && TtlMillis != 0) Put(ns, value);
        return true;
    }

    public override void Put(TNamespace ns, TValue value)
    {
        var key = KeyOf(ns);
        ValueBuffer.Clear();
        ValueBuffer.WriteVarLong(Stamp());
        values.Write(ValueBuffer, value);
        Database.Put(Family, key.Written, ValueBuffer.Written);
    }

    public override bool Remove(TNamespace ns)
    {
        var key = KeyOf(ns);
        if (!Read(key.Written)) return false;
        Database.Delete(Family, key.Written);
        return true;
    }

    public override void WriteKeyGroup(int keyGroup, SnapshotWriter writer)
    {
        var entries = new SnapshotWriter();
        long count = 0;
        ForEachInKeyGroup(keyGroup, (key, value) =>
        {
            entries.WriteRaw(key);
            entries.WriteRaw(value);
            count++;
        });
        writer.WriteFixedLong((long)(values.Fingerprint?.Value ?? 0));
        writer.WriteVarLong(count);
        writer.WriteRaw(entries.Written);
    }

    public override void ReadKeyGroup(int keyGroup, ReadOnlySpan<byte> entries)
    {
        var reader = new SnapshotReader(entries);
        long count = ReadCanonicalHeader(ref reader);
        byte[] prefix = RocksKeys.KeyGroupStart(keyGroup);
        var key = new SnapshotWriter();
        using var batch = new RocksWriteBatch();
        for (long i = 0; i < count; i++)
        {
            var (start, keyEnd) = ReadKeyAndNamespace(ref reader);
            reader.ReadVarLong(); // stamp
            values.Read(ref reader);
            key.Clear();
            key.WriteRaw(prefix);
            key.WriteRaw(entries[start..keyEnd]);
            batch.Put(Family, key.Written, entries[keyEnd..reader.Position]);
        }
        if (!reader.End) throw new InvalidDataException($"State '{Name}': {entries.Length - reader.Position} unread bytes after {count} entries.");
        Database.Write(batch);
    }
}
