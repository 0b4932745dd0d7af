using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using Compiled.State.Snapshots;

namespace Compiled.State.RocksDb.Backend;

/// <summary>
/// List state: one RocksDB entry per element, keyed (key group ‖ key ‖ namespace ‖ position as 8 big-endian bytes), so
/// appending is one write (the position after the last element, found by a bounded seek) instead of rewriting the list.
/// </summary>
internal sealed class RocksListTable<TKey, TNamespace, T>(RocksKeyedStateBackend<TKey> backend, StateDescriptor descriptor, StateSerializer<T> elements)
    : RocksMultiEntryTable<TKey, TNamespace, List<T>>(backend, descriptor)
    where TKey : notnull where TNamespace : notnull
{
    private const int PositionLength = 8;

    /// <summary>Appends <paramref name="value"/> to the current key's list in <paramref name="ns"/>.</summary>
    public void Append(TNamespace ns, T value)
    {
        byte[] prefix = KeyOf(ns).Written.ToArray();
        long next = 0;
        using (var iterator = OpenPrefix(prefix))
        {
            iterator.SeekToLast();
            if (iterator.Valid && iterator.Key.StartsWith(prefix))
                next = BinaryPrimitives.ReadInt64BigEndian(iterator.Key[prefix.Length..]) + 1;
        }
        PutElement(prefix, next, value);
    }

    private void PutElement(ReadOnlySpan<byte> prefix, long position, T value)
    {
        Span<byte> key = stackalloc byte[prefix.Length + PositionLength];
        prefix.CopyTo(key);
        BinaryPrimitives.WriteInt64BigEndian(key[prefix.Length..], position);
        ValueBuffer.Clear();
        ValueBuffer.WriteVarLong(Stamp());
        elements.Write(ValueBuffer, value);
        Database.Put(Family, key, ValueBuffer.Written);
    }

    public override bool TryGet(TNamespace ns, [MaybeNullWhen(false)] out List<T> value)
    {
        byte[] prefix = KeyOf(ns).Written.ToArray();
        var list = new List<T>();
        using (var iterator = OpenPrefix(prefix))
        {
            for (iterator.Seek(prefix); iterator.Valid && iterator.Key.StartsWith(prefix); iterator.Next())
            {
                var reader = new SnapshotReader(iterator.Value);
                if (Expired(reader.ReadVarLong())) continue;
                list.Add(elements.Read(ref reader));
            }
        }
        value = list.Count == 0 ? null : list;
        return value is not null;
    }

    public override void Put(TNamespace ns, List<T> value)
    {
        Remove(ns);
        byte[] prefix = KeyOf(ns).Written.ToArray();
        for (int i = 0; i < value.Count; i++) PutElement(prefix, i, value[i]);
    }

    protected override void WriteCanonicalElement(SnapshotWriter writer, ReadOnlySpan<byte> suffix, ReadOnlySpan<byte> value) =>
        writer.WriteRaw(value); // the position is implied by the order

    protected override void ReadCanonicalElement(ReadOnlySpan<byte> entries, ref SnapshotReader reader, long index, SnapshotWriter suffix, out int valueStart)
    {
        Span<byte> position = stackalloc byte[PositionLength];
        BinaryPrimitives.WriteInt64BigEndian(position, index);
        suffix.WriteRaw(position);
        valueStart = reader.Position;
        elements.Read(ref reader);
    }
}
