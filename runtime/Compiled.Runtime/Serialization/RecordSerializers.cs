using System.Buffers;

namespace Compiled.Serialization;

/// <summary>
/// Registry of the generated record serializers. Generated code registers every
/// <c>[StreamRecord]</c> type from a module initializer, so lookups are a static generic field read:
/// no reflection, no dictionary, AOT-safe.
/// </summary>
public static class RecordSerializers
{
    /// <summary>Registers the serializer of <typeparamref name="T"/> (called by generated module initializers).</summary>
    public static void Register<T>(RecordSerializer<T> serializer)
    {
        ArgumentNullException.ThrowIfNull(serializer);
        Slot<T>.Serializer = serializer;
        Slot<T>.Key = new RecordKeySerializer<T>(serializer);
    }

    /// <summary>The serializer of <typeparamref name="T"/>, or throws if the type is not a <c>[StreamRecord]</c>.</summary>
    public static RecordSerializer<T> Get<T>() =>
        TryGet<T>(out var serializer)
            ? serializer
            : throw new NotSupportedException($"'{typeof(T)}' has no generated serializer: mark it [StreamRecord] and partial.");

    /// <summary>Finds the serializer of <typeparamref name="T"/>.</summary>
    public static bool TryGet<T>(out RecordSerializer<T> serializer)
    {
        serializer = Slot<T>.Serializer!;
        return serializer is not null;
    }

    /// <summary>Finds the key serializer of a <c>[StreamRecord]</c> key type.</summary>
    public static bool TryGetKeySerializer<T>(out KeySerializer<T> serializer)
    {
        serializer = Slot<T>.Key!;
        return serializer is not null;
    }

    private static class Slot<T>
    {
        public static RecordSerializer<T>? Serializer;
        public static RecordKeySerializer<T>? Key;
    }
}

/// <summary>
/// Key serializer of a <c>[StreamRecord]</c> key type: the canonical record bytes (values that are
/// equal produce equal bytes), hashed with murmur3. Hashing writes into a stack buffer (or a pooled one
/// for large keys), so it does not allocate.
/// </summary>
/// <typeparam name="T">The key type.</typeparam>
public sealed class RecordKeySerializer<T>(RecordSerializer<T> serializer) : KeySerializer<T>
{
    private const int StackLimit = 512;

    /// <summary>The record serializer the key bytes come from.</summary>
    public RecordSerializer<T> RecordSerializer { get; } = serializer;

    /// <inheritdoc />
    public override void Write(T key, IBufferWriter<byte> writer) => RecordSerializer.WriteCanonical(key, writer);

    /// <inheritdoc />
    public override uint Hash(T key)
    {
        int max = RecordSerializer.GetMaxSize(key);
        if (max <= StackLimit)
        {
            Span<byte> buffer = stackalloc byte[StackLimit];
            var writer = new RecordWriter(buffer, canonical: true);
            RecordSerializer.Write(ref writer, key);
            return Murmur3.Hash(writer.Written);
        }
        byte[] rented = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            var writer = new RecordWriter(rented, canonical: true);
            RecordSerializer.Write(ref writer, key);
            return Murmur3.Hash(writer.Written);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
