using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Compiled.State.Snapshots;

/// <summary>Appends the binary encoding of state snapshots: varints, fixed-size numbers, length-prefixed strings and bytes.</summary>
public sealed class SnapshotWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> Written => _buffer.WrittenSpan;

    /// <summary>The underlying buffer (for serializers that write to an <see cref="IBufferWriter{T}"/>).</summary>
    public IBufferWriter<byte> Buffer => _buffer;

    /// <summary>Number of bytes written so far.</summary>
    public int Length => _buffer.WrittenCount;

    /// <summary>Forgets what was written, keeping the buffer for reuse.</summary>
    public void Clear() => _buffer.ResetWrittenCount();

    /// <summary>Appends raw bytes.</summary>
    public void WriteRaw(ReadOnlySpan<byte> value) => _buffer.Write(value);

    /// <summary>Writes a ZigZag varint.</summary>
    public void WriteVarLong(long value)
    {
        ulong v = (ulong)((value << 1) ^ (value >> 63));
        var span = _buffer.GetSpan(10);
        int n = 0;
        while (v >= 0x80) { span[n++] = (byte)(v | 0x80); v >>= 7; }
        span[n++] = (byte)v;
        _buffer.Advance(n);
    }

    /// <summary>Writes 8 bytes little-endian.</summary>
    public void WriteFixedLong(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    /// <summary>Writes a length-prefixed byte string.</summary>
    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        WriteVarLong(value.Length);
        value.CopyTo(_buffer.GetSpan(value.Length));
        _buffer.Advance(value.Length);
    }

    /// <summary>Writes a length-prefixed UTF-8 string; null is written as length -1.</summary>
    public void WriteString(string? value)
    {
        if (value is null) { WriteVarLong(-1); return; }
        int max = Encoding.UTF8.GetMaxByteCount(value.Length);
        var scratch = max <= 512 ? stackalloc byte[max] : new byte[max];
        int n = Encoding.UTF8.GetBytes(value, scratch);
        WriteBytes(scratch[..n]);
    }
}

/// <summary>Reads what <see cref="SnapshotWriter"/> wrote; malformed input fails with the offset.</summary>
public ref struct SnapshotReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    /// <summary>Whether everything was read.</summary>
    public readonly bool End => _position >= _data.Length;

    /// <summary>Current offset.</summary>
    public readonly int Position => _position;

    /// <summary>The bytes not read yet.</summary>
    public readonly ReadOnlySpan<byte> Remaining => _data[_position..];

    /// <summary>Skips <paramref name="count"/> bytes that a serializer consumed from <see cref="Remaining"/>.</summary>
    public void Advance(int count)
    {
        if (count < 0 || count > _data.Length - _position) throw Malformed($"cannot skip {count} bytes");
        _position += count;
    }

    /// <summary>Reads a ZigZag varint.</summary>
    public long ReadVarLong()
    {
        ulong result = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            if (_position >= _data.Length) throw Malformed("truncated varint");
            byte b = _data[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return (long)(result >> 1) ^ -(long)(result & 1);
        }
        throw Malformed("varint longer than 10 bytes");
    }

    /// <summary>Reads 8 bytes little-endian.</summary>
    public long ReadFixedLong()
    {
        if (_data.Length - _position < 8) throw Malformed("truncated number");
        long v = BinaryPrimitives.ReadInt64LittleEndian(_data[_position..]);
        _position += 8;
        return v;
    }

    /// <summary>Reads a length-prefixed byte string.</summary>
    public ReadOnlySpan<byte> ReadBytes()
    {
        long length = ReadVarLong();
        if (length < 0 || length > _data.Length - _position) throw Malformed($"length {length} exceeds the {_data.Length - _position} remaining bytes");
        var bytes = _data.Slice(_position, (int)length);
        _position += (int)length;
        return bytes;
    }

    /// <summary>Reads a length-prefixed UTF-8 string (or null).</summary>
    public string? ReadString()
    {
        long length = ReadVarLong();
        if (length == -1) return null;
        if (length < 0 || length > _data.Length - _position) throw Malformed($"string length {length} exceeds the {_data.Length - _position} remaining bytes");
        string value = Encoding.UTF8.GetString(_data.Slice(_position, (int)length));
        _position += (int)length;
        return value;
    }

    private readonly InvalidDataException Malformed(string what) => new($"Malformed state snapshot at offset {_position}: {what}.");
}
