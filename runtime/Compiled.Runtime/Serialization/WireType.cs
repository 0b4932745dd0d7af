namespace Compiled.Serialization;

/// <summary>
/// How a field's value is encoded on the wire. Every field is tagged with its id and wire type
/// (<c>varint(id &lt;&lt; 4 | wireType)</c>), so a reader can skip a field it does not know and can tell
/// when a known field was written with an incompatible type.
/// </summary>
public enum WireType : byte
{
    /// <summary>Unsigned LEB128 varint: bool, byte, ushort, uint, ulong, char, enums with an unsigned underlying type.</summary>
    UVarint = 0,
    /// <summary>ZigZag LEB128 varint: sbyte, short, int, long, TimeSpan ticks, enums with a signed underlying type.</summary>
    SVarint = 1,
    /// <summary>4 bytes little-endian: float.</summary>
    Fixed32 = 2,
    /// <summary>8 bytes little-endian: double.</summary>
    Fixed64 = 3,
    /// <summary>Varint byte length, then UTF-8.</summary>
    String = 4,
    /// <summary>Varint byte length, then the tagged fields of a nested record.</summary>
    Record = 5,
    /// <summary>Varint byte length, an element descriptor byte, a varint count, then the untagged elements.</summary>
    Sequence = 6,
    /// <summary>No payload: the value is null.</summary>
    Null = 7,
    /// <summary>8 bytes little-endian: ticks in bits 0..61, <see cref="DateTimeKind"/> in bits 62..63.</summary>
    DateTime = 8,
    /// <summary>16 bytes little-endian: lo, mid, hi, flags (the layout of <see cref="decimal.GetBits(decimal)"/>).</summary>
    Decimal = 9,
    /// <summary>16 bytes: <see cref="Guid.TryWriteBytes(Span{byte})"/>.</summary>
    Guid = 10,
}

/// <summary>Helpers for <see cref="WireType"/>.</summary>
public static class WireTypes
{
    /// <summary>Highest defined wire type.</summary>
    public const WireType Max = WireType.Guid;

    /// <summary>Bit set in a sequence's element descriptor when every element is preceded by a presence byte (0 = null, 1 = value).</summary>
    public const byte NullableElements = 0x80;

    /// <summary>Fixed payload size of <paramref name="wireType"/>, or -1 when it is variable.</summary>
    public static int FixedSize(WireType wireType) => wireType switch
    {
        WireType.Fixed32 => 4,
        WireType.Fixed64 or WireType.DateTime => 8,
        WireType.Decimal or WireType.Guid => 16,
        WireType.Null => 0,
        _ => -1,
    };

    /// <summary>The smallest number of bytes any value of <paramref name="wireType"/> occupies.</summary>
    public static int MinSize(WireType wireType) => FixedSize(wireType) is var n and >= 0 ? n : 1;

    /// <summary>Lower-case name used in schema texts and error messages.</summary>
    public static string Name(WireType wireType) => wireType switch
    {
        WireType.UVarint => "uvarint",
        WireType.SVarint => "svarint",
        WireType.Fixed32 => "fixed32",
        WireType.Fixed64 => "fixed64",
        WireType.String => "string",
        WireType.Record => "record",
        WireType.Sequence => "sequence",
        WireType.Null => "null",
        WireType.DateTime => "datetime",
        WireType.Decimal => "decimal",
        WireType.Guid => "guid",
        _ => "wire type " + ((byte)wireType).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
