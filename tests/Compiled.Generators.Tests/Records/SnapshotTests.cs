using Compiled.Generators.Tests.Support;
namespace Compiled.Generators.Tests.Records;

/// <summary>Generated source per feature, compared with committed snapshots; every snapshot also compiles cleanly.</summary>
public class SnapshotTests
{
    private static void Check(string name, string source, string hintName)
    {
        var output = RecordGeneratorHarness.Run(source);
        output.AssertClean();
        Assert.True(output.Generated.ContainsKey(hintName), "generated: " + string.Join(", ", output.Generated.Keys));
        Snapshot.Verify(name, output.Generated[hintName]);
    }

    [Fact]
    public void PrimitivesRecordStruct() => Check("PrimitivesRecordStruct", """
        using Compiled;
        namespace Shapes;
        [StreamRecord]
        public readonly partial record struct Primitives(bool B, byte U8, sbyte I8, short I16, ushort U16, int I32, uint U32,
            long I64, ulong U64, char C, float F32, double F64, decimal Money, System.DateTime At, System.TimeSpan Span, System.Guid Id);
        """, "Shapes.Primitives.StreamRecord.g.cs");

    [Fact]
    public void StringsAndNullablesRecordClass() => Check("StringsAndNullablesRecordClass", """
        using Compiled;
        namespace Shapes;
        [StreamRecord]
        public partial record Customer([property: FieldId(1)] string Name, [FieldId(2)] string? Nickname, [FieldId(3)] int? Age, [FieldId(4)] System.DateTime? Since)
        {
            [FieldId(5)] public string Email { get; init; } = "";
            public int NameLength => Name.Length; // computed: not serialized
        }
        """, "Shapes.Customer.StreamRecord.g.cs");

    [Fact]
    public void MutableClassWithEquality() => Check("MutableClassWithEquality", """
        using Compiled;
        using System.Collections.Generic;
        namespace Shapes;
        [StreamRecord]
        public partial class Account
        {
            [FieldId(1)] public long Id { get; set; }
            [FieldId(2)] public string Owner { get; set; } = "";
            [FieldId(3)] public List<long> Transactions { get; set; } = new();
            [FieldId(4)] public double Balance;
            [NotSerialized] public object? Cache { get; set; }
        }
        """, "Shapes.Account.StreamRecord.g.cs");

    [Fact]
    public void EnumsAndDerivedIds() => Check("EnumsAndDerivedIds", """
        using Compiled;
        namespace Shapes;
        public enum Color { Red, Green, Blue }
        public enum Flags : ulong { None = 0, All = ulong.MaxValue }
        [StreamRecord]
        public partial record struct Paint(Color Color, Color? Secondary, Flags Flags, byte Alpha);
        """, "Shapes.Paint.StreamRecord.g.cs");

    [Fact]
    public void CollectionsAndNestedRecords() => Check("CollectionsAndNestedRecords", """
        using Compiled;
        using System.Collections.Generic;
        namespace Shapes;
        [StreamRecord]
        public partial record struct Point([FieldId(1)] int X, [FieldId(2)] int Y);
        [StreamRecord]
        public partial record Line([FieldId(1)] Point From, [FieldId(2)] Point? To);
        [StreamRecord]
        public partial record Drawing(
            [FieldId(1)] Line[] Lines,
            [FieldId(2)] List<string?> Labels,
            [FieldId(3)] int[][] Grid,
            [FieldId(4)] List<Point?>? Markers,
            [FieldId(5)] Line? Outline,
            [FieldId(6)] decimal[] Weights);
        """, "Shapes.Drawing.StreamRecord.g.cs");

    [Fact]
    public void NestedDeclarationInPartialClass() => Check("NestedDeclaration", """
        using Compiled;
        namespace Shapes;
        public static partial class Outer
        {
            [StreamRecord]
            internal partial struct Inner
            {
                [FieldId(1)] public int Value;
                [FieldId(2)] public string? Text;
            }
        }
        """, "Shapes.Outer_Inner.StreamRecord.g.cs");
}
