using System.Buffers;
using System.Text;

namespace Compiled.Cluster.Wire;

/// <summary>Builds a frame payload: varints, strings and byte blocks in a reusable buffer.</summary>
public sealed class PayloadWriter : IBufferWriter<byte>
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256);

    /// <summary>The bytes written since the last <see cref="Clear"/>.</summary>
    public ReadOnlySpan<byte> Written => _buffer.WrittenSpan;

    /// <summary>Number of bytes written.</summary>
    public int Length => _buffer.WrittenCount;

    /// <summary>Starts a new payload, keeping the buffer.</summary>
    public PayloadWriter Clear()
    {
        _buffer.ResetWrittenCount();
        return this;
    }

    /// <summary>Writes an unsigned varint.</summary>
    public PayloadWriter WriteVarULong(ulong value)
    {
        var span = _buffer.GetSpan(10);
        int i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[i++] = (byte)value;
        _buffer.Advance(i);
        return this;
    }

    /// <summary>Writes a signed (ZigZag) varint.</summary>
    public PayloadWriter WriteVarLong(long value) => WriteVarULong((ulong)((value << 1) ^ (value >> 63)));

    /// <summary>Writes one byte.</summary>
    public PayloadWriter WriteByte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
        return this;
    }

    /// <summary>Writes a length-prefixed byte block.</summary>
    public PayloadWriter WriteBytes(ReadOnlySpan<byte> bytes)
    {
        WriteVarULong((ulong)bytes.Length);
        bytes.CopyTo(_buffer.GetSpan(bytes.Length));
        _buffer.Advance(bytes.Length);
        return this;
    }

    /// <summary>Writes bytes without a length prefix.</summary>
    public PayloadWriter WriteRaw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer.GetSpan(bytes.Length));
        _buffer.Advance(bytes.Length);
        return this;
    }

    /// <summary>Writes a length-prefixed UTF-8 string.</summary>
    public PayloadWriter WriteString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        int max = Encoding.UTF8.GetMaxByteCount(value.Length);
        WriteVarULong((ulong)Encoding.UTF8.GetByteCount(value));
        int n = Encoding.UTF8.GetBytes(value, _buffer.GetSpan(max));
        _buffer.Advance(n);
        return this;
    }

    /// <summary>Reserves <paramref name="count"/> zero bytes to fill in later with <see cref="At"/>; returns their offset.</summary>
    public int Reserve(int count)
    {
        int offset = _buffer.WrittenCount;
        _buffer.GetSpan(count)[..count].Clear();
        _buffer.Advance(count);
        return offset;
    }

    /// <summary>The written bytes at <paramref name="offset"/>, for filling in a reserved part.</summary>
    public Span<byte> At(int offset, int count) =>
        System.Runtime.InteropServices.MemoryMarshal.AsMemory(_buffer.WrittenMemory).Span.Slice(offset, count);

    /// <inheritdoc />
    public void Advance(int count) => _buffer.Advance(count);

    /// <inheritdoc />
    public Memory<byte> GetMemory(int sizeHint = 0) => _buffer.GetMemory(sizeHint);

    /// <inheritdoc />
    public Span<byte> GetSpan(int sizeHint = 0) => _buffer.GetSpan(sizeHint);
}
