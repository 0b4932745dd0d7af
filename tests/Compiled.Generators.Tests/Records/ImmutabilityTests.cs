using Compiled.Generators.Tests.Support;

namespace Compiled.Generators.Tests.Records;

/// <summary>
/// Which records the generated serializer declares immutable (their values are shared with state snapshots instead of
/// copied): structs of primitives, strings, enums and nullables of those; not classes, nor structs holding arrays,
/// lists or other records.
/// </summary>
public class ImmutabilityTests
{
    [Theory]
    [InlineData("public partial record struct R([FieldId(1)] long A, [FieldId(2)] string? B, [FieldId(3)] System.DateTime C, [FieldId(4)] int? D);", true)]
    [InlineData("public enum Color { Red } [StreamRecord] public partial struct R { [FieldId(1)] public Color C; [FieldId(2)] public decimal D; }", true)]
    [InlineData("public partial record R([FieldId(1)] long A, [FieldId(2)] string B);", false)]
    [InlineData("public partial record struct R([FieldId(1)] long A, [FieldId(2)] System.Collections.Generic.List<long> B);", false)]
    [InlineData("public partial record struct R([FieldId(1)] int[] A);", false)]
    [InlineData("public partial record struct P([FieldId(1)] int X); [StreamRecord] public partial record struct R([FieldId(1)] P Inner);", false)]
    public void OnlyStructsOfUnchangeableMembersAreDeclaredImmutable(string declaration, bool immutable)
    {
        string source = "using Compiled;\nnamespace Shapes;\n" + (declaration.StartsWith("public enum", StringComparison.Ordinal) ? "" : "[StreamRecord]\n") + declaration;
        var output = RecordGeneratorHarness.Run(source);
        output.AssertClean();
        string generated = output.Generated["Shapes.R.StreamRecord.g.cs"];
        Assert.Equal(immutable, generated.Contains("public override bool IsImmutable => true;", StringComparison.Ordinal));
    }
}
