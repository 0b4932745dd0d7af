using System.Runtime.CompilerServices;
using Compiled.Serialization;

namespace Compiled.State.Snapshots;

/// <summary>Writes and reads one type in state snapshots (keys, namespaces and values).</summary>
public abstract class StateSerializer<T>
{
    /// <summary>
    /// Fingerprint of the type's schema for <c>[StreamRecord]</c> types, stored with the state so a restore knows which
    /// schema wrote it; null for built-in types, whose encoding never changes.
    /// </summary>
    public virtual SchemaFingerprint? Fingerprint => null;

    /// <summary>Appends <paramref name="value"/>.</summary>
    public abstract void Write(SnapshotWriter writer, in T value);

    /// <summary>Reads a value.</summary>
    public abstract T Read(ref SnapshotReader reader);

    /// <summary>
    /// Whether a stored value can never change in place (no references, or a string): such values are shared with
    /// snapshots without copying.
    /// </summary>
    public virtual bool IsImmutable => !RuntimeHelpers.IsReferenceOrContainsReferences<T>() || typeof(T) == typeof(string);

    /// <summary>
    /// A copy of <paramref name="value"/> that shares nothing mutable with it (the value itself when
    /// <see cref="IsImmutable"/>); by default written and read back through a per-thread buffer.
    /// </summary>
    public virtual T Copy(T value)
    {
        if (IsImmutable || value is null) return value;
        var buffer = t_copyBuffer ?? new SnapshotWriter();
        t_copyBuffer = null; // a copy nested in a copy gets its own buffer
        try
        {
            Write(buffer, value);
            var reader = new SnapshotReader(buffer.Written);
            return Read(ref reader);
        }
        finally
        {
            buffer.Clear();
            t_copyBuffer = buffer;
        }
    }

    [ThreadStatic]
    private static SnapshotWriter? t_copyBuffer;
}

/// <summary>
/// Serializers for state: built-in types, types registered by higher layers (windows), and every <c>[StreamRecord]</c>
/// type (through its generated serializer).
/// </summary>
public static class StateSerializers
{
    /// <summary>Registers the serializer of a type this layer does not know (e.g. window types).</summary>
    public static void Register<T>(StateSerializer<T> serializer) => Registered<T>.Serializer = serializer;

    private static class Registered<T>
    {
        public static StateSerializer<T>? Serializer;
    }

    /// <summary>The serializer of <typeparamref name="T"/>, or false when it has none (the job then cannot checkpoint that state).</summary>
    public static bool TryGet<T>(out StateSerializer<T> serializer)
    {
        object? s = typeof(T) == typeof(long) ? new Of<long>(static (w, v) => w.WriteVarLong(v), static (ref SnapshotReader r) => r.ReadVarLong())
            : typeof(T) == typeof(int) ? new Of<int>(static (w, v) => w.WriteVarLong(v), static (ref SnapshotReader r) => checked((int)r.ReadVarLong()))
            : typeof(T) == typeof(bool) ? new Of<bool>(static (w, v) => w.WriteVarLong(v ? 1 : 0), static (ref SnapshotReader r) => r.ReadVarLong() != 0)
            : typeof(T) == typeof(double) ? new Of<double>(static (w, v) => w.WriteFixedLong(BitConverter.DoubleToInt64Bits(v)), static (ref SnapshotReader r) => BitConverter.Int64BitsToDouble(r.ReadFixedLong()))
            : typeof(T) == typeof(string) ? new Of<string?>(static (w, v) => w.WriteString(v), static (ref SnapshotReader r) => r.ReadString())
            : typeof(T) == typeof(VoidNamespace) ? new Of<VoidNamespace>(static (_, _) => { }, static (ref SnapshotReader _) => default)
            : Registered<T>.Serializer is { } registered ? registered
            : RecordSerializers.TryGet<T>(out var record) ? new Record<T>(record)
            : null;
        serializer = (StateSerializer<T>)s!;
        return s is not null;
    }

    /// <summary>The serializer of <typeparamref name="T"/>, or an error that says how to give the type one.</summary>
    public static StateSerializer<T> Get<T>(string stateName) => TryGet<T>(out var s) ? s
        : throw new NotSupportedException(
            $"State '{stateName}' holds values of type '{typeof(T)}', which has no serializer, so it cannot be checkpointed: " +
            "use a primitive, string or window type, or mark the type [StreamRecord] (and partial).");

    /// <summary>Reads one value.</summary>
    public delegate TValue ReadFunc<TValue>(ref SnapshotReader reader);

    /// <summary>A serializer from two functions.</summary>
    public static StateSerializer<TValue> Create<TValue>(Action<SnapshotWriter, TValue> write, ReadFunc<TValue> read) => new Of<TValue>(write, read);

    private sealed class Of<TValue>(Action<SnapshotWriter, TValue> write, ReadFunc<TValue> read) : StateSerializer<TValue>
    {
        public override void Write(SnapshotWriter writer, in TValue value) => write(writer, value);
        public override TValue Read(ref SnapshotReader reader) => read(ref reader);
    }

    private sealed class Record<TValue>(RecordSerializer<TValue> serializer) : StateSerializer<TValue>
    {
        public override SchemaFingerprint? Fingerprint => serializer.Fingerprint;

        public override bool IsImmutable => serializer.IsImmutable || base.IsImmutable;

        public override TValue Copy(TValue value) => value is null ? value : serializer.Copy(value);

        public override void Write(SnapshotWriter writer, in TValue value) => serializer.Serialize(value, writer.Buffer);

        public override TValue Read(ref SnapshotReader reader)
        {
            var value = serializer.Deserialize(reader.Remaining, out int consumed);
            reader.Advance(consumed);
            return value;
        }
    }
}

/// <summary>A list of values (list state).</summary>
public sealed class ListStateSerializer<T>(StateSerializer<T> element) : StateSerializer<List<T>>
{
    /// <inheritdoc />
    public override void Write(SnapshotWriter writer, in List<T> value)
    {
        writer.WriteVarLong(value.Count);
        foreach (var item in value) element.Write(writer, item);
    }

    /// <inheritdoc />
    public override List<T> Read(ref SnapshotReader reader)
    {
        long count = reader.ReadVarLong();
        if (count < 0 || count > reader.Remaining.Length) throw new InvalidDataException($"Malformed state snapshot at offset {reader.Position}: list of {count} elements.");
        var list = new List<T>((int)count);
        for (long i = 0; i < count; i++) list.Add(element.Read(ref reader));
        return list;
    }

    /// <inheritdoc />
    public override bool IsImmutable => false;

    /// <summary>A new list: the same elements when they cannot change, else each element copied.</summary>
    public override List<T> Copy(List<T> value)
    {
        if (value is null) return value!;
        if (element.IsImmutable) return [.. value];
        var copy = new List<T>(value.Count);
        foreach (var item in value) copy.Add(element.Copy(item));
        return copy;
    }
}

/// <summary>A map of values (map state).</summary>
public sealed class MapStateSerializer<TKey, TValue>(StateSerializer<TKey> key, StateSerializer<TValue> value) : StateSerializer<Dictionary<TKey, TValue>> where TKey : notnull
{
    /// <inheritdoc />
    public override void Write(SnapshotWriter writer, in Dictionary<TKey, TValue> map)
    {
        writer.WriteVarLong(map.Count);
        foreach (var (k, v) in map)
        {
            key.Write(writer, k);
            value.Write(writer, v);
        }
    }

    /// <inheritdoc />
    public override Dictionary<TKey, TValue> Read(ref SnapshotReader reader)
    {
        long count = reader.ReadVarLong();
        if (count < 0 || count > reader.Remaining.Length) throw new InvalidDataException($"Malformed state snapshot at offset {reader.Position}: map of {count} entries.");
        var map = new Dictionary<TKey, TValue>((int)count);
        for (long i = 0; i < count; i++) map[key.Read(ref reader)] = value.Read(ref reader);
        return map;
    }

    /// <inheritdoc />
    public override bool IsImmutable => false;

    /// <summary>A new map: the same entries when they cannot change, else each key and value copied.</summary>
    public override Dictionary<TKey, TValue> Copy(Dictionary<TKey, TValue> map)
    {
        if (map is null) return map!;
        if (key.IsImmutable && value.IsImmutable) return new Dictionary<TKey, TValue>(map);
        var copy = new Dictionary<TKey, TValue>(map.Count);
        foreach (var (k, v) in map) copy[key.Copy(k)] = value.Copy(v);
        return copy;
    }
}
