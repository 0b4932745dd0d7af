using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace Compiled.Serialization;

/// <summary>
/// Writes the binary record format into a contiguous span. Used by generated serializers; the span
/// must be at least as large as the serializer's <c>GetMaxSize</c> for the value, which callers of
/// <see cref="RecordSerializer{T}"/> never need to care about.
/// </summary>
/// <remarks>
/// Format: a record is <c>varint(length) field*</c>; a field is <c>varint(id &lt;&lt; 4 | wireType)</c>
/// followed by its payload (see <see cref="WireType"/>). Integers are LEB128 varints (signed ones
/// ZigZag-encoded), fixed-size values little-endian.
/// </remarks>
public ref struct RecordWriter
{
    /// <summary>Upper bound of a varint-encoded 32-bit length or tag.</summary>
    public const int MaxVarint32 = 5;
    /// <summary>Upper bound of a varint-encoded 64-bit value.</summary>
    public const int MaxVarint64 = 10;

    private readonly Span<byte> _buffer;
    private int _pos;

    /// <summary>Creates a writer over <paramref name="buffer"/>.</summary>
    /// <param name="buffer">Destination; must hold the value's maximum size.</param>
    /// <param name="canonical">
    /// Write canonical key bytes: values that compare equal produce identical bytes (decimal scale
    /// normalised, -0.0 written as 0.0, one NaN, <see cref="DateTime"/> without its kind).
    /// </param>
    public RecordWriter(Span<byte> buffer, bool canonical = false)
    {
        _buffer = buffer;
        _pos = 0;
        Canonical = canonical;
    }

    /// <summary>Number of bytes written so far.</summary>
    public readonly int Position => _pos;

    /// <summary>Whether canonical key bytes are written.</summary>
    public bool Canonical { get; }

    /// <summary>The bytes written so far.</summary>
    public readonly ReadOnlySpan<byte> Written => _buffer.Slice(0, _pos);

    /// <summary>Writes a field tag.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteTag(int fieldId, WireType wireType) => WriteVarUInt32(((uint)fieldId << 4) | (uint)wireType);

    /// <summary>Writes one raw byte.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteByte(byte value) => _buffer[_pos++] = value;

    /// <summary>Writes an unsigned varint.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteVarUInt32(uint value)
    {
        if (value < 0x80)
        {
            _buffer[_pos++] = (byte)value;
            return;
        }
        WriteVarUInt64Slow(value);
    }

    /// <summary>Writes an unsigned varint.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteVarUInt64(ulong value)
    {
        if (value < 0x80)
        {
            _buffer[_pos++] = (byte)value;
            return;
        }
        WriteVarUInt64Slow(value);
    }

    private void WriteVarUInt64Slow(ulong value)
    {
        var span = _buffer;
        int pos = _pos;
        while (value >= 0x80)
        {
            span[pos++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[pos++] = (byte)value;
        _pos = pos;
    }

    /// <summary>Writes a ZigZag-encoded signed varint.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteVarInt64(long value) => WriteVarUInt64((ulong)((value << 1) ^ (value >> 63)));

    /// <summary>Writes a bool as a one-byte varint.</summary>
    public void WriteBool(bool value) => _buffer[_pos++] = value ? (byte)1 : (byte)0;

    /// <summary>Writes a float (4 bytes).</summary>
    public void WriteSingle(float value)
    {
        if (Canonical)
        {
            if (value == 0f) value = 0f;
            else if (float.IsNaN(value)) value = float.NaN;
        }
        BinaryPrimitives.WriteSingleLittleEndian(_buffer.Slice(_pos, 4), value);
        _pos += 4;
    }

    /// <summary>Writes a double (8 bytes).</summary>
    public void WriteDouble(double value)
    {
        if (Canonical)
        {
            if (value == 0d) value = 0d;
            else if (double.IsNaN(value)) value = double.NaN;
        }
        BinaryPrimitives.WriteDoubleLittleEndian(_buffer.Slice(_pos, 8), value);
        _pos += 8;
    }

    /// <summary>Writes a DateTime as ticks and kind (8 bytes); canonical bytes omit the kind, as <see cref="DateTime.Equals(DateTime)"/> does.</summary>
    public void WriteDateTime(DateTime value)
    {
        ulong bits = (ulong)value.Ticks;
        if (!Canonical) bits |= (ulong)value.Kind << 62;
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.Slice(_pos, 8), bits);
        _pos += 8;
    }

    /// <summary>Writes a decimal (16 bytes); canonical bytes strip trailing zeros of the scale.</summary>
    public void WriteDecimal(decimal value)
    {
        if (Canonical) value = Normalize(value);
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var dst = _buffer.Slice(_pos, 16);
        BinaryPrimitives.WriteInt32LittleEndian(dst, bits[0]);
        BinaryPrimitives.WriteInt32LittleEndian(dst.Slice(4), bits[1]);
        BinaryPrimitives.WriteInt32LittleEndian(dst.Slice(8), bits[2]);
        BinaryPrimitives.WriteInt32LittleEndian(dst.Slice(12), bits[3]);
        _pos += 16;
    }

    /// <summary>Writes a Guid (16 bytes).</summary>
    public void WriteGuid(Guid value)
    {
        value.TryWriteBytes(_buffer.Slice(_pos, 16));
        _pos += 16;
    }

    /// <summary>Writes a non-null string as a varint byte length and UTF-8.</summary>
    public void WriteString(string value)
    {
        if (value.Length <= 42)
        {
            // At most 126 UTF-8 bytes: the length fits in one varint byte.
            int n = Encoding.UTF8.GetBytes(value, _buffer.Slice(_pos + 1));
            _buffer[_pos] = (byte)n;
            _pos += n + 1;
            return;
        }
        int count = Encoding.UTF8.GetByteCount(value);
        WriteVarUInt32((uint)count);
        _pos += Encoding.UTF8.GetBytes(value, _buffer.Slice(_pos));
    }

    /// <summary>Starts a length-prefixed payload (a record or a sequence); returns the value to pass to <see cref="EndLengthPrefixed"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int BeginLengthPrefixed()
    {
        int start = _pos;
        _buffer[_pos++] = 0;
        return start;
    }

    /// <summary>Completes a length-prefixed payload begun at <paramref name="start"/>.</summary>
    public void EndLengthPrefixed(int start)
    {
        int length = _pos - start - 1;
        if (length < 0x80)
        {
            _buffer[start] = (byte)length;
            return;
        }
        int prefix = VarintSize((uint)length);
        _buffer.Slice(start + 1, length).CopyTo(_buffer.Slice(start + prefix));
        _pos = start;
        WriteVarUInt32((uint)length);
        _pos = start + prefix + length;
    }

    /// <summary>Writes a sequence header: the element descriptor and the count.</summary>
    public void WriteSequenceHeader(WireType elementWireType, bool nullableElements, int count)
    {
        _buffer[_pos++] = (byte)((byte)elementWireType | (nullableElements ? WireTypes.NullableElements : 0));
        WriteVarUInt32((uint)count);
    }

    /// <summary>Size of <paramref name="value"/> as a varint.</summary>
    public static int VarintSize(uint value) => value < 0x80 ? 1 : value < 0x4000 ? 2 : value < 0x20_0000 ? 3 : value < 0x1000_0000 ? 4 : 5;

    /// <summary>Upper bound of the encoded size of a string payload (length prefix included); 0 for null.</summary>
    public static int MaxStringSize(string? value) => value is null ? 0 : checked(MaxVarint32 + (value.Length + 1) * 3);

    private static decimal Normalize(decimal value) => value == 0m ? 0m : value / 1.000000000000000000000000000000000m;
}
