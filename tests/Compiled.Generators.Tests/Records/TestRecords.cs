// [StreamRecord] types compiled by this test project itself: the generator runs as an analyzer here,
// so these have real generated serializers, exactly as a user's project would.
namespace Compiled.Generators.Tests.Records;

public enum Level : short { Low = -1, Mid = 0, High = 7 }

[StreamRecord]
public readonly partial record struct AllPrimitives(
    bool B, byte U8, sbyte I8, short I16, ushort U16, int I32, uint U32, long I64, ulong U64, char C,
    float F32, double F64, decimal Money, DateTime At, TimeSpan Span, Guid Id, Level Level);

[StreamRecord]
public partial record struct Point([FieldId(1)] int X, [FieldId(2)] int Y);

[StreamRecord]
public partial record Shape(
    [FieldId(1)] string Name,
    [FieldId(2)] string? Note,
    [FieldId(3)] Point Origin,
    [FieldId(4)] Point? Anchor,
    [FieldId(5)] Point[] Vertices,
    [FieldId(6)] List<string?> Tags,
    [FieldId(7)] int?[] Weights,
    [FieldId(8)] long[][] Matrix,
    [FieldId(9)] Shape? Child,
    [FieldId(10)] List<Level>? Levels,
    [FieldId(11)] decimal? Price)
{
    [FieldId(12)] public DateTime? Updated { get; init; }
}

[StreamRecord]
public partial class Account
{
    [FieldId(1)] public long Id { get; set; }
    [FieldId(2)] public string Owner { get; set; } = "";
    [FieldId(3)] public List<long> Transactions { get; set; } = [];
    [FieldId(4)] public double Balance;
    [NotSerialized] public object? Cache { get; set; }
}

// Evolution: three versions of one record (same ids, different members).
[StreamRecord]
public partial record OrderV1([FieldId(1)] long Id, [FieldId(2)] string Customer, [FieldId(3)] int Quantity);

[StreamRecord]
public partial record OrderV2([FieldId(1)] long Id, [FieldId(2)] string Customer, [FieldId(4)] decimal Discount, [FieldId(5)] List<string> Notes);

[StreamRecord]
public partial record OrderV3([FieldId(1)] long Id, [FieldId(3)] string Quantity);

// Evolution with derived ids: the id depends only on the member name.
[StreamRecord]
public partial record struct SensorV1(string Sensor, double Value, long Time);

[StreamRecord]
public partial record struct SensorV2(long Time, string Sensor, string? Unit);

// A key type.
[StreamRecord]
public readonly partial record struct TenantKey([FieldId(1)] string Tenant, [FieldId(2)] long Region, [FieldId(3)] decimal Tier);
