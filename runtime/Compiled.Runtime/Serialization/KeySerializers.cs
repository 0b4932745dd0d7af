using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Compiled.Serialization;

/// <summary>Built-in key serializers for primitive, string, Guid and tuple keys, and the generated ones of <c>[StreamRecord]</c> types.</summary>
public static class KeySerializers
{
    /// <summary>Returns the built-in serializer for <typeparamref name="TKey"/>, or throws an error that says how to provide one.</summary>
    public static KeySerializer<TKey> Get<TKey>()
    {
        if (TryGet<TKey>(out var serializer)) return serializer;
        throw new NotSupportedException(
            $"Key type '{typeof(TKey)}' has no key serializer. Keys must hash identically in every process: " +
            "use long, int, string, Guid, bool, char, DateTime, an enum-free tuple of those, a [StreamRecord] type, or pass a KeySerializer<" +
            typeof(TKey).Name + "> to KeyBy.");
    }

    /// <summary>Tries to find a built-in serializer for <typeparamref name="TKey"/>.</summary>
    public static bool TryGet<TKey>(out KeySerializer<TKey> serializer)
    {
        object? s = null;
        if (typeof(TKey) == typeof(long)) s = LongKey.Instance;
        else if (typeof(TKey) == typeof(int)) s = IntKey.Instance;
        else if (typeof(TKey) == typeof(string)) s = StringKey.Instance;
        else if (typeof(TKey) == typeof(Guid)) s = GuidKey.Instance;
        else if (typeof(TKey) == typeof(bool)) s = BoolKey.Instance;
        else if (typeof(TKey) == typeof(char)) s = CharKey.Instance;
        else if (typeof(TKey) == typeof(DateTime)) s = DateTimeKey.Instance;
        else if (typeof(TKey) == typeof((long, long))) s = new TupleKey<long, long>(LongKey.Instance, LongKey.Instance);
        else if (typeof(TKey) == typeof((string, long))) s = new TupleKey<string, long>(StringKey.Instance, LongKey.Instance);
        else if (typeof(TKey) == typeof((long, string))) s = new TupleKey<long, string>(LongKey.Instance, StringKey.Instance);
        else if (typeof(TKey) == typeof((string, string))) s = new TupleKey<string, string>(StringKey.Instance, StringKey.Instance);
        else if (typeof(TKey) == typeof((int, int))) s = new TupleKey<int, int>(IntKey.Instance, IntKey.Instance);
        else if (RecordSerializers.TryGetKeySerializer<TKey>(out var record)) s = record;
        serializer = (KeySerializer<TKey>)s!;
        return s is not null;
    }

    private sealed class LongKey : KeySerializer<long>
    {
        public static readonly LongKey Instance = new();
        public override void Write(long key, IBufferWriter<byte> writer)
        {
            BinaryPrimitives.WriteInt64LittleEndian(writer.GetSpan(8), key);
            writer.Advance(8);
        }
        public override uint Hash(long key) => Murmur3.Hash(key);
    }

    private sealed class IntKey : KeySerializer<int>
    {
        public static readonly IntKey Instance = new();
        public override void Write(int key, IBufferWriter<byte> writer)
        {
            BinaryPrimitives.WriteInt32LittleEndian(writer.GetSpan(4), key);
            writer.Advance(4);
        }
        public override uint Hash(int key)
        {
            Span<byte> b = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(b, key);
            return Murmur3.Hash(b);
        }
    }

    private sealed class StringKey : KeySerializer<string>
    {
        public static readonly StringKey Instance = new();
        public override void Write(string key, IBufferWriter<byte> writer)
        {
            ArgumentNullException.ThrowIfNull(key, "key");
            int max = Encoding.UTF8.GetMaxByteCount(key.Length) + 4;
            var span = writer.GetSpan(max);
            int n = Encoding.UTF8.GetBytes(key, span.Slice(4));
            BinaryPrimitives.WriteInt32LittleEndian(span, n);
            writer.Advance(n + 4);
        }
        public override uint Hash(string key)
        {
            ArgumentNullException.ThrowIfNull(key, "key");
            if (key.Length <= 128)
            {
                Span<byte> b = stackalloc byte[128 * 3];
                int n = Encoding.UTF8.GetBytes(key, b);
                return Murmur3.Hash(b.Slice(0, n));
            }
            return Murmur3.Hash(Encoding.UTF8.GetBytes(key));
        }
    }

    private sealed class GuidKey : KeySerializer<Guid>
    {
        public static readonly GuidKey Instance = new();
        public override void Write(Guid key, IBufferWriter<byte> writer)
        {
            key.TryWriteBytes(writer.GetSpan(16));
            writer.Advance(16);
        }
    }

    private sealed class BoolKey : KeySerializer<bool>
    {
        public static readonly BoolKey Instance = new();
        public override void Write(bool key, IBufferWriter<byte> writer)
        {
            writer.GetSpan(1)[0] = key ? (byte)1 : (byte)0;
            writer.Advance(1);
        }
    }

    private sealed class CharKey : KeySerializer<char>
    {
        public static readonly CharKey Instance = new();
        public override void Write(char key, IBufferWriter<byte> writer)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(writer.GetSpan(2), key);
            writer.Advance(2);
        }
    }

    private sealed class DateTimeKey : KeySerializer<DateTime>
    {
        public static readonly DateTimeKey Instance = new();
        public override void Write(DateTime key, IBufferWriter<byte> writer) => LongKey.Instance.Write(key.ToUniversalTime().Ticks, writer);
    }

    private sealed class TupleKey<T1, T2>(KeySerializer<T1> first, KeySerializer<T2> second) : KeySerializer<(T1, T2)>
    {
        public override void Write((T1, T2) key, IBufferWriter<byte> writer)
        {
            first.Write(key.Item1, writer);
            second.Write(key.Item2, writer);
        }
    }
}
