using System.Text;

namespace Compiled.Cluster.Wire;

/// <summary>Reads what <see cref="PayloadWriter"/> wrote; every read is bounds-checked and fails with <see cref="ProtocolException"/>.</summary>
public ref struct PayloadReader(ReadOnlySpan<byte> payload)
{
    private readonly ReadOnlySpan<byte> _payload = payload;
    private int _position;

    /// <summary>Bytes not read yet.</summary>
    public readonly ReadOnlySpan<byte> Remaining => _payload[_position..];

    /// <summary>Whether everything was read.</summary>
    public readonly bool AtEnd => _position == _payload.Length;

    /// <summary>Moves past <paramref name="count"/> bytes.</summary>
    public void Advance(int count)
    {
        if ((uint)count > (uint)(_payload.Length - _position)) throw Truncated();
        _position += count;
    }

    /// <summary>Reads an unsigned varint.</summary>
    public ulong ReadVarULong()
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _payload.Length) throw Truncated();
            byte b = _payload[_position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
        throw new ProtocolException("Malformed frame: a varint is longer than 10 bytes.");
    }

    /// <summary>Reads a signed (ZigZag) varint.</summary>
    public long ReadVarLong()
    {
        ulong raw = ReadVarULong();
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    /// <summary>Reads a varint that must fit a non-negative int.</summary>
    public int ReadCount()
    {
        ulong value = ReadVarULong();
        return value <= int.MaxValue ? (int)value : throw new ProtocolException($"Malformed frame: count {value} out of range.");
    }

    /// <summary>Reads one byte.</summary>
    public byte ReadByte() => _position < _payload.Length ? _payload[_position++] : throw Truncated();

    /// <summary>Reads a length-prefixed byte block.</summary>
    public ReadOnlySpan<byte> ReadBytes()
    {
        int length = ReadCount();
        if (length > _payload.Length - _position) throw Truncated();
        var bytes = _payload.Slice(_position, length);
        _position += length;
        return bytes;
    }

    /// <summary>Reads a length-prefixed UTF-8 string.</summary>
    public string ReadString()
    {
        try { return new UTF8Encoding(false, true).GetString(ReadBytes()); }
        catch (DecoderFallbackException) { throw new ProtocolException("Malformed frame: a string is not valid UTF-8."); }
    }

    private static ProtocolException Truncated() => new("Malformed frame: it ends in the middle of a value.");
}
