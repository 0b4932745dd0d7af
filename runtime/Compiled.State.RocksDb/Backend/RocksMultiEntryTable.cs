using Compiled.State.Snapshots;

namespace Compiled.State.RocksDb.Backend;

/// <summary>
/// A state stored as one RocksDB entry per element, keyed (key group ‖ key ‖ namespace ‖ suffix): map state (suffix =
/// map key) and list state (suffix = position). In the canonical format the elements of one (key, namespace) are one
/// value, as the heap backend writes it: TTL stamp, count, then the elements.
/// </summary>
internal abstract class RocksMultiEntryTable<TKey, TNamespace, TValue>(RocksKeyedStateBackend<TKey> backend, StateDescriptor descriptor)
    : RocksTableBase<TKey, TNamespace, TValue>(backend, descriptor)
    where TKey : notnull where TNamespace : notnull
{
    /// <summary>Appends one element's canonical bytes from its stored key suffix and value (after the stamp).</summary>
    protected abstract void WriteCanonicalElement(SnapshotWriter writer, ReadOnlySpan<byte> suffix, ReadOnlySpan<byte> value);

    /// <summary>Reads one canonical element: the stored key suffix and the stored value (after the stamp) it becomes.</summary>
    protected abstract void ReadCanonicalElement(ReadOnlySpan<byte> entries, ref SnapshotReader reader, long index, SnapshotWriter suffix, out int valueStart);

    /// <summary>Deletes every element of the current key in <paramref name="ns"/>; returns whether there was any.</summary>
    public override bool Remove(TNamespace ns)
    {
        byte[] prefix = KeyOf(ns).Written.ToArray();
        bool any;
        using (var iterator = OpenPrefix(prefix))
        {
            iterator.Seek(prefix);
            any = iterator.Valid;
        }
        if (any && RocksKeys.Successor(prefix) is { } end) Database.DeleteRange(Family, prefix, end);
        return any;
    }

    /// <summary>An iterator bounded to the keys starting with <paramref name="prefix"/>.</summary>
    protected RocksIterator OpenPrefix(byte[] prefix) =>
        RocksKeys.Successor(prefix) is { } end ? Database.NewIterator(Family, end) : Database.NewIterator(Family);

    public override void WriteKeyGroup(int keyGroup, SnapshotWriter writer)
    {
        var groups = new SnapshotWriter();
        var elements = new SnapshotWriter();
        byte[]? current = null;
        long count = 0, elementCount = 0, stamp = 0;
        void Flush()
        {
            if (current is null) return;
            groups.WriteRaw(current);
            groups.WriteVarLong(stamp);
            groups.WriteVarLong(elementCount);
            groups.WriteRaw(elements.Written);
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
                elements.Clear();
                elementCount = 0;
                stamp = 0;
            }
            var valueReader = new SnapshotReader(value);
            stamp = Math.Max(stamp, valueReader.ReadVarLong());
            WriteCanonicalElement(elements, key[reader.Position..], valueReader.Remaining);
            elementCount++;
        });
        Flush();
        writer.WriteFixedLong(0); // lists and maps have no schema fingerprint of their own, as in the heap backend
        writer.WriteVarLong(count);
        writer.WriteRaw(groups.Written);
    }

    public override void ReadKeyGroup(int keyGroup, ReadOnlySpan<byte> entries)
    {
        var reader = new SnapshotReader(entries);
        long count = ReadCanonicalHeader(ref reader);
        byte[] prefix = RocksKeys.KeyGroupStart(keyGroup);
        var key = new SnapshotWriter();
        var suffix = new SnapshotWriter();
        var value = new SnapshotWriter();
        using var batch = new RocksWriteBatch();
        for (long i = 0; i < count; i++)
        {
            var (start, keyEnd) = ReadKeyAndNamespace(ref reader);
            long stamp = reader.ReadVarLong();
            long elements = reader.ReadVarLong();
            for (long j = 0; j < elements; j++)
            {
                suffix.Clear();
                ReadCanonicalElement(entries, ref reader, j, suffix, out int valueStart);
                key.Clear();
                key.WriteRaw(prefix);
                key.WriteRaw(entries[start..keyEnd]);
                key.WriteRaw(suffix.Written);
                value.Clear();
                value.WriteVarLong(stamp);
                value.WriteRaw(entries[valueStart..reader.Position]);
                batch.Put(Family, key.Written, value.Written);
            }
        }
        if (!reader.End) throw new InvalidDataException($"State '{Name}': {entries.Length - reader.Position} unread bytes after {count} entries.");
        Database.Write(batch);
    }
}
