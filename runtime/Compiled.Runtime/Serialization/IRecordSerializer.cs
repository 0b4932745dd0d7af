using System.Buffers;

namespace Compiled.Serialization;

/// <summary>
/// Binary serializer of a record type, generated at build time for every <c>[StreamRecord]</c> type
/// (as the nested class <c>T.Serializer</c>) and registered with <see cref="RecordSerializers"/>.
/// </summary>
/// <typeparam name="T">The record type.</typeparam>
public interface IRecordSerializer<T>
{
    /// <summary>
    /// The schema text: the type's name and, ordered by field id, every field's id, name and wire
    /// type, e.g. <c>Ns.Bid{1:Auction:svarint;4:Channel:string}</c>. Derived field ids are recorded here.
    /// </summary>
    string Schema { get; }

    /// <summary>Fingerprint of <see cref="Schema"/>; stored in checkpoints and savepoints beside the data.</summary>
    SchemaFingerprint Fingerprint { get; }

    /// <summary>An upper bound of the encoded size of <paramref name="value"/>.</summary>
    int GetMaxSize(in T value);

    /// <summary>Writes <paramref name="value"/> (length prefix included) at the writer's position.</summary>
    void Write(ref RecordWriter writer, in T value);

    /// <summary>Reads one value (length prefix included) at the reader's position.</summary>
    T Read(ref RecordReader reader);

    /// <summary>Appends the encoding of <paramref name="value"/> to <paramref name="output"/>.</summary>
    void Serialize(in T value, IBufferWriter<byte> output);

    /// <summary>Writes the encoding of <paramref name="value"/> into <paramref name="destination"/>; false if it does not fit.</summary>
    bool TrySerialize(in T value, Span<byte> destination, out int bytesWritten);

    /// <summary>Reads one value from the start of <paramref name="source"/>.</summary>
    /// <param name="source">Input bytes; may hold more after the value.</param>
    /// <param name="bytesConsumed">Number of bytes the value occupied.</param>
    /// <param name="stringCache">Optional cache that avoids allocating repeated strings.</param>
    /// <exception cref="RecordFormatException">The bytes are malformed or were written by an incompatible schema.</exception>
    T Deserialize(ReadOnlySpan<byte> source, out int bytesConsumed, Utf8StringCache? stringCache = null);
}

/// <summary>
/// Base class of the generated serializers: implements the buffer-level operations of
/// <see cref="IRecordSerializer{T}"/> on top of the generated <see cref="Write"/>, <see cref="Read"/>
/// and <see cref="GetMaxSize"/>.
/// </summary>
/// <typeparam name="T">The record type.</typeparam>
public abstract class RecordSerializer<T> : IRecordSerializer<T>
{
    /// <inheritdoc />
    public abstract string Schema { get; }

    /// <inheritdoc />
    public abstract SchemaFingerprint Fingerprint { get; }

    /// <inheritdoc />
    public abstract int GetMaxSize(in T value);

    /// <inheritdoc />
    public abstract void Write(ref RecordWriter writer, in T value);

    /// <inheritdoc />
    public abstract T Read(ref RecordReader reader);

    /// <summary>
    /// Whether a value can never change once stored: a struct whose members are primitives, strings, enums and the like
    /// (no arrays, lists or classes). Such values are shared with state snapshots instead of copied.
    /// </summary>
    public virtual bool IsImmutable => false;

    /// <summary>
    /// A copy of <paramref name="value"/> that shares nothing that can change in place (state snapshots keep the
    /// original while the task changes the copy). Generated serializers copy member by member (lists, arrays and
    /// nested records cloned, strings shared); this default (hand-written serializers) writes the value into a buffer
    /// reused per thread and reads it back.
    /// </summary>
    public virtual T Copy(in T value)
    {
        if (IsImmutable) return value;
        int size = GetMaxSize(value);
        var buffer = t_copyBuffer is { } reused && reused.Length >= size ? reused : new byte[Math.Max(size, 256)];
        t_copyBuffer = null; // a copy made inside this one (a serializer copying a member's value) gets its own buffer
        try
        {
            var writer = new RecordWriter(buffer);
            Write(ref writer, value);
            return Deserialize(buffer.AsSpan(0, writer.Position), out _);
        }
        finally
        {
            t_copyBuffer = buffer;
        }
    }

    [ThreadStatic]
    private static byte[]? t_copyBuffer;

    /// <inheritdoc />
    public void Serialize(in T value, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var writer = new RecordWriter(output.GetSpan(GetMaxSize(value)));
        Write(ref writer, value);
        output.Advance(writer.Position);
    }

    /// <inheritdoc />
    public bool TrySerialize(in T value, Span<byte> destination, out int bytesWritten)
    {
        int max = GetMaxSize(value);
        if (destination.Length >= max)
        {
            var writer = new RecordWriter(destination);
            Write(ref writer, value);
            bytesWritten = writer.Position;
            return true;
        }
        byte[] rented = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            var writer = new RecordWriter(rented);
            Write(ref writer, value);
            bytesWritten = writer.Position;
            if (bytesWritten > destination.Length)
            {
                bytesWritten = 0;
                return false;
            }
            writer.Written.CopyTo(destination);
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <inheritdoc />
    public T Deserialize(ReadOnlySpan<byte> source, out int bytesConsumed, Utf8StringCache? stringCache = null)
    {
        var reader = new RecordReader(source, stringCache);
        T value = Read(ref reader);
        bytesConsumed = reader.Position;
        return value;
    }

    /// <summary>Writes the canonical key bytes of <paramref name="value"/> (see <see cref="RecordWriter(Span{byte}, bool)"/>).</summary>
    public void WriteCanonical(in T value, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var writer = new RecordWriter(output.GetSpan(GetMaxSize(value)), canonical: true);
        Write(ref writer, value);
        output.Advance(writer.Position);
    }
}
