using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;

namespace Compiled.Serialization;

/// <summary>
/// Reads the binary record format (see <see cref="RecordWriter"/>) from a span. Used by generated
/// serializers. Every read is bounds-checked against the innermost enclosing record or sequence; any
/// malformed input throws <see cref="RecordFormatException"/> with the byte offset, and allocations
/// are bounded by the input length (counts and lengths are validated before anything is allocated).
/// </summary>
public ref struct RecordReader
{
    /// <summary>Deepest nesting of records and sequences accepted (protects the stack from hostile input).</summary>
    public const int MaxDepth = 64;

    private readonly ReadOnlySpan<byte> _data;
    private int _pos;
    private int _limit;
    private int _depth;
    private readonly long _baseOffset;

    /// <summary>Creates a reader over <paramref name="data"/>.</summary>
    /// <param name="data">The bytes to read.</param>
    /// <param name="stringCache">Optional cache that returns the same string instance for repeated UTF-8 values.</param>
    /// <param name="baseOffset">Offset of <paramref name="data"/> within a larger input, for error messages.</param>
    public RecordReader(ReadOnlySpan<byte> data, Utf8StringCache? stringCache = null, long baseOffset = 0)
    {
        _data = data;
        _pos = 0;
        _limit = data.Length;
        _depth = 0;
        _baseOffset = baseOffset;
        StringCache = stringCache;
    }

    /// <summary>Number of bytes consumed so far.</summary>
    public readonly int Position => _pos;

    /// <summary>Cache for decoded strings, or null.</summary>
    public Utf8StringCache? StringCache { get; }

    /// <summary>Offset of the current position in the input (for messages).</summary>
    public readonly long Offset => _baseOffset + _pos;

    // ---- structure -------------------------------------------------------------------------

    /// <summary>Reads a record's length prefix and enters it; returns the value to pass to <see cref="EndRecord"/>.</summary>
    public int BeginRecord()
    {
        int length = ReadLength();
        return Enter(length);
    }

    /// <summary>Leaves a record entered with <see cref="BeginRecord"/>.</summary>
    public void EndRecord(int saved) => Leave(saved);

    /// <summary>Reads the next field tag of the current record; false at the end of the record.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadTag(out int fieldId, out WireType wireType)
    {
        if (_pos >= _limit)
        {
            fieldId = 0;
            wireType = default;
            return false;
        }
        int at = _pos;
        uint tag = _data[_pos] < 0x80 ? _data[_pos++] : ReadVarUInt32();
        fieldId = (int)(tag >> 4);
        wireType = (WireType)(tag & 0xF);
        if (fieldId == 0) Fail("Invalid field tag: field id 0", at);
        if (wireType > WireTypes.Max) Fail($"Invalid field tag: unknown wire type {(int)wireType} for field id {fieldId}", at);
        return true;
    }

    /// <summary>Skips the payload of a field the reader does not know.</summary>
    public void Skip(WireType wireType)
    {
        switch (wireType)
        {
            case WireType.UVarint:
            case WireType.SVarint:
                ReadVarUInt64();
                break;
            case WireType.String:
            case WireType.Record:
            case WireType.Sequence:
                Advance(ReadLength());
                break;
            case WireType.Null:
                break;
            default:
                int size = WireTypes.FixedSize(wireType);
                if (size < 0) Fail($"Cannot skip unknown wire type {(int)wireType}", _pos);
                Advance(size);
                break;
        }
    }

    /// <summary>
    /// Enters a sequence field: checks the field's wire type, reads the element descriptor and count,
    /// and validates the count against the remaining bytes. Returns the value to pass to <see cref="EndSequence"/>.
    /// </summary>
    public int BeginSequence(WireType wireType, string field, out WireType elementWireType, out bool nullableElements, out int count)
    {
        Expect(wireType, WireType.Sequence, field);
        int length = ReadLength();
        int saved = Enter(length);
        int at = _pos;
        byte descriptor = ReadByte();
        nullableElements = (descriptor & WireTypes.NullableElements) != 0;
        elementWireType = (WireType)(descriptor & 0x7F);
        if (elementWireType > WireTypes.Max || elementWireType == WireType.Null)
            Fail($"Field '{field}': invalid sequence element type {descriptor}", at);
        at = _pos;
        uint n = ReadVarUInt32();
        long minimum = (long)n * (nullableElements ? 1 : WireTypes.MinSize(elementWireType)); // a null element is one presence byte
        if (n > int.MaxValue || minimum > _limit - _pos)
            Fail($"Field '{field}': sequence count {n} exceeds the {_limit - _pos} bytes left", at);
        count = (int)n;
        return saved;
    }

    /// <summary>Leaves a sequence entered with <see cref="BeginSequence"/>.</summary>
    public void EndSequence(int saved) => Leave(saved);

    /// <summary>Reads the presence byte of a nullable sequence element; false means null.</summary>
    public bool ReadPresence()
    {
        int at = _pos;
        byte b = ReadByte();
        if (b > 1) Fail($"Invalid presence byte {b}", at);
        return b == 1;
    }

    /// <summary>Throws unless <paramref name="actual"/> is <paramref name="expected"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Expect(WireType actual, WireType expected, string field)
    {
        if (actual != expected) ThrowWireTypeMismatch(actual, expected, field);
    }

    /// <summary>Throws the error for a field whose wire type differs from the declared one.</summary>
    [DoesNotReturn]
    public readonly void ThrowWireTypeMismatch(WireType actual, WireType expected, string field)
    {
        if (actual == WireType.Null)
            throw new RecordFormatException($"Field '{field}' is null in the data but its declared type is not nullable", Offset);
        throw new RecordFormatException(
            $"Field '{field}' was written as {WireTypes.Name(actual)} but is declared as {WireTypes.Name(expected)}: " +
            "the field's type changed incompatibly; give the new field a new [FieldId] instead of changing the type", Offset);
    }

    /// <summary>Throws <see cref="RecordFormatException"/> about a null element that is not nullable.</summary>
    [DoesNotReturn]
    public readonly void ThrowNullElement(string field) =>
        throw new RecordFormatException($"Field '{field}' has a null element but its element type is not nullable", Offset);

    // ---- values ----------------------------------------------------------------------------

    /// <summary>Reads an unsigned varint.</summary>
    public ulong ReadVarUInt64()
    {
        int at = _pos;
        ulong result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (_pos >= _limit) Fail("Truncated varint", at);
            byte b = _data[_pos++];
            if (shift == 63 && b > 1) Fail("Varint overflows 64 bits", at);
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
        }
        Fail("Varint longer than 10 bytes", at);
        return 0;
    }

    /// <summary>Reads an unsigned varint that must fit 32 bits.</summary>
    public uint ReadVarUInt32()
    {
        int at = _pos;
        ulong v = ReadVarUInt64();
        if (v > uint.MaxValue) Fail("Varint overflows 32 bits", at);
        return (uint)v;
    }

    /// <summary>Reads a ZigZag-encoded signed varint.</summary>
    public long ReadVarInt64()
    {
        ulong v = ReadVarUInt64();
        return (long)(v >> 1) ^ -(long)(v & 1);
    }

    /// <summary>Reads a bool field.</summary>
    public bool ReadBool(WireType wireType, string field)
    {
        ulong v = ReadUnsigned(wireType, WireType.UVarint, field, 1);
        return v != 0;
    }

    /// <summary>Reads a byte field.</summary>
    public byte ReadByte(WireType wireType, string field) => (byte)ReadUnsigned(wireType, WireType.UVarint, field, byte.MaxValue);

    /// <summary>Reads a ushort field.</summary>
    public ushort ReadUInt16(WireType wireType, string field) => (ushort)ReadUnsigned(wireType, WireType.UVarint, field, ushort.MaxValue);

    /// <summary>Reads a char field.</summary>
    public char ReadChar(WireType wireType, string field) => (char)ReadUnsigned(wireType, WireType.UVarint, field, char.MaxValue);

    /// <summary>Reads a uint field.</summary>
    public uint ReadUInt32(WireType wireType, string field) => (uint)ReadUnsigned(wireType, WireType.UVarint, field, uint.MaxValue);

    /// <summary>Reads a ulong field.</summary>
    public ulong ReadUInt64(WireType wireType, string field) => ReadUnsigned(wireType, WireType.UVarint, field, ulong.MaxValue);

    /// <summary>Reads an sbyte field.</summary>
    public sbyte ReadSByte(WireType wireType, string field) => (sbyte)ReadSigned(wireType, field, sbyte.MinValue, sbyte.MaxValue);

    /// <summary>Reads a short field.</summary>
    public short ReadInt16(WireType wireType, string field) => (short)ReadSigned(wireType, field, short.MinValue, short.MaxValue);

    /// <summary>Reads an int field.</summary>
    public int ReadInt32(WireType wireType, string field) => (int)ReadSigned(wireType, field, int.MinValue, int.MaxValue);

    /// <summary>Reads a long field.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long ReadInt64(WireType wireType, string field)
    {
        if (wireType != WireType.SVarint) ThrowWireTypeMismatch(wireType, WireType.SVarint, field);
        if (_pos < _limit && _data[_pos] < 0x80)
        {
            uint v = _data[_pos++];
            return (long)(v >> 1) ^ -(long)(v & 1);
        }
        return ReadVarInt64();
    }

    /// <summary>Reads a TimeSpan field (ticks).</summary>
    public TimeSpan ReadTimeSpan(WireType wireType, string field) => new(ReadInt64(wireType, field));

    /// <summary>Reads a float field.</summary>
    public float ReadSingle(WireType wireType, string field)
    {
        Expect(wireType, WireType.Fixed32, field);
        float v = BinaryPrimitives.ReadSingleLittleEndian(Take(4));
        return v;
    }

    /// <summary>Reads a double field.</summary>
    public double ReadDouble(WireType wireType, string field)
    {
        Expect(wireType, WireType.Fixed64, field);
        return BinaryPrimitives.ReadDoubleLittleEndian(Take(8));
    }

    /// <summary>Reads a DateTime field.</summary>
    public DateTime ReadDateTime(WireType wireType, string field)
    {
        Expect(wireType, WireType.DateTime, field);
        int at = _pos;
        ulong bits = BinaryPrimitives.ReadUInt64LittleEndian(Take(8));
        long ticks = (long)(bits & 0x3FFF_FFFF_FFFF_FFFFUL);
        int kind = (int)(bits >> 62);
        if (ticks > DateTime.MaxValue.Ticks || kind > 2) Fail($"Field '{field}': invalid DateTime", at);
        return new DateTime(ticks, (DateTimeKind)kind);
    }

    /// <summary>Reads a decimal field.</summary>
    public decimal ReadDecimal(WireType wireType, string field)
    {
        Expect(wireType, WireType.Decimal, field);
        int at = _pos;
        var src = Take(16);
        int lo = BinaryPrimitives.ReadInt32LittleEndian(src);
        int mid = BinaryPrimitives.ReadInt32LittleEndian(src.Slice(4));
        int hi = BinaryPrimitives.ReadInt32LittleEndian(src.Slice(8));
        int flags = BinaryPrimitives.ReadInt32LittleEndian(src.Slice(12));
        int scale = (flags >> 16) & 0xFF;
        if ((flags & 0x7F00FFFF) != 0 || scale > 28) Fail($"Field '{field}': invalid decimal", at);
        return new decimal(lo, mid, hi, flags < 0, (byte)scale);
    }

    /// <summary>Reads a Guid field.</summary>
    public Guid ReadGuid(WireType wireType, string field)
    {
        Expect(wireType, WireType.Guid, field);
        return new Guid(Take(16));
    }

    /// <summary>Reads a string field; returns null when the field was written as null.</summary>
    public string? ReadString(WireType wireType, string field)
    {
        if (wireType == WireType.Null) return null;
        Expect(wireType, WireType.String, field);
        int at = _pos;
        int length = ReadLength();
        var bytes = Take(length);
        if (StringCache is { } cache && cache.TryGet(bytes, out string? cached)) return cached;
        if (!Utf8.IsValid(bytes)) Fail($"Field '{field}': invalid UTF-8", at);
        string s = Encoding.UTF8.GetString(bytes);
        StringCache?.Add(bytes, s);
        return s;
    }

    // ---- primitives ------------------------------------------------------------------------

    private ulong ReadUnsigned(WireType wireType, WireType expected, string field, ulong max)
    {
        if (wireType != expected) ThrowWireTypeMismatch(wireType, expected, field);
        int at = _pos;
        ulong v = ReadVarUInt64();
        if (v > max) Fail($"Field '{field}': value {v} is out of range (at most {max})", at);
        return v;
    }

    private long ReadSigned(WireType wireType, string field, long min, long max)
    {
        int at = _pos;
        long v = ReadInt64(wireType, field);
        if (v < min || v > max) Fail($"Field '{field}': value {v} is out of range [{min}, {max}]", at);
        return v;
    }

    private byte ReadByte()
    {
        if (_pos >= _limit) Fail("Unexpected end of record", _pos);
        return _data[_pos++];
    }

    private int ReadLength()
    {
        int at = _pos;
        ulong n = ReadVarUInt64();
        if (n > (ulong)(_limit - _pos)) Fail($"Length {n} exceeds the {_limit - _pos} bytes left", at);
        return (int)n;
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _limit - _pos) Fail($"Unexpected end of record: {count} bytes needed, {_limit - _pos} left", _pos);
        var span = _data.Slice(_pos, count);
        _pos += count;
        return span;
    }

    private void Advance(int count) => Take(count);

    private int Enter(int length)
    {
        if (++_depth > MaxDepth) Fail($"Records nested deeper than {MaxDepth}", _pos);
        int saved = _limit;
        _limit = _pos + length;
        return saved;
    }

    private void Leave(int saved)
    {
        if (_pos != _limit) Fail("Record or sequence payload not fully consumed", _pos);
        _limit = saved;
        _depth--;
    }

    [DoesNotReturn]
    private readonly void Fail(string message, int at) => throw new RecordFormatException(message, _baseOffset + at);
}
