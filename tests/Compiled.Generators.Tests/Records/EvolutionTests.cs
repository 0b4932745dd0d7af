using System.Buffers;
using Compiled.Serialization;

namespace Compiled.Generators.Tests.Records;

/// <summary>Bytes written by one version of a record, read by another.</summary>
public class EvolutionTests
{
    private static byte[] Bytes<T>(T value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        RecordSerializers.Get<T>().Serialize(value, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private static T Read<T>(byte[] bytes)
    {
        var value = RecordSerializers.Get<T>().Deserialize(bytes, out int consumed);
        Assert.Equal(bytes.Length, consumed);
        return value;
    }

    [Fact]
    public void OldBytesReadByNewVersion_RemovedFieldSkipped_AddedFieldsDefaulted()
    {
        var v2 = Read<OrderV2>(Bytes(new OrderV1(42, "ada", 3)));
        Assert.Equal(42, v2.Id);
        Assert.Equal("ada", v2.Customer);
        Assert.Equal(0m, v2.Discount);
        Assert.Empty(v2.Notes); // non-nullable list: empty, not null
    }

    [Fact]
    public void NewBytesReadByOldVersion()
    {
        var v1 = Read<OrderV1>(Bytes(new OrderV2(42, "ada", 0.5m, ["gift", "rush"])));
        Assert.Equal(new OrderV1(42, "ada", 0), v1);
    }

    [Fact]
    public void RoundTripThroughTheOtherVersionKeepsSharedFields()
    {
        var original = new OrderV1(7, "bob", 9);
        var back = Read<OrderV1>(Bytes(Read<OrderV2>(Bytes(original))));
        Assert.Equal(original with { Quantity = 0 }, back);
    }

    [Fact]
    public void ChangedFieldTypeFailsNamingTheField()
    {
        var ex = Assert.Throws<RecordFormatException>(() => Read<OrderV3>(Bytes(new OrderV1(1, "x", 5))));
        Assert.Contains("OrderV3.Quantity", ex.Message);
        Assert.Contains("written as svarint but is declared as string", ex.Message);
        Assert.True(ex.Offset > 0);
    }

    [Fact]
    public void DerivedIdsDependOnlyOnNames()
    {
        var v2 = Read<SensorV2>(Bytes(new SensorV1("s1", 21.5, 1000)));
        Assert.Equal(new SensorV2(1000, "s1", null), v2);
        var v1 = Read<SensorV1>(Bytes(new SensorV2(5, "s2", "°C")));
        Assert.Equal(new SensorV1("s2", 0, 5), v1);
        Assert.Contains(":Sensor:string", SensorV1.Serializer.SchemaText); // derived ids are recorded in the schema
        Assert.NotEqual(SensorV1.Serializer.SchemaFingerprint, SensorV2.Serializer.SchemaFingerprint);
    }

    [Fact]
    public void NullInDataForNonNullableValueFailsClearly()
    {
        // Shape.Origin (id 3) is a non-nullable struct; hand-craft a record whose field 3 is null.
        byte[] bytes = [1, (3 << 4) | (byte)WireType.Null];
        var ex = Assert.Throws<RecordFormatException>(() => Read<Shape>(bytes));
        Assert.Contains("Shape.Origin", ex.Message);
        Assert.Contains("not nullable", ex.Message);
    }
}
