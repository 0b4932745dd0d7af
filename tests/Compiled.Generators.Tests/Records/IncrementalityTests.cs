using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Compiled.Generators.Tests.Records;

/// <summary>An edit that does not touch a [StreamRecord] type leaves every step of its pipeline cached.</summary>
public class IncrementalityTests
{
    private const string Records = """
        using Compiled;
        namespace Shapes;
        [StreamRecord] public partial record struct Point([FieldId(1)] int X, [FieldId(2)] int Y);
        [StreamRecord] public partial record Named([FieldId(1)] string Name, [FieldId(2)] Point At);
        """;

    [Fact]
    public void UnrelatedEditLeavesStepsCached()
    {
        var compilation = RecordGeneratorHarness.Compilation(Records, "namespace Other; public static class Util { public static int F() => 1; }");
        var driver = RecordGeneratorHarness.Driver().RunGenerators(compilation);

        var other = compilation.SyntaxTrees.Last();
        var edited = compilation.ReplaceSyntaxTree(other, CSharpSyntaxTree.ParseText(
            "namespace Other; public static class Util { public static int F() => 2; public static int G() => 3; }", RecordGeneratorHarness.ParseOptions, path: other.FilePath));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (var name in new[] { StreamRecordGenerator.TrackingNames.Models, StreamRecordGenerator.TrackingNames.Emittable })
        {
            var steps = result.TrackedSteps[name];
            Assert.NotEmpty(steps);
            var reasons = steps.SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
            Assert.Equal(2, reasons.Count);
            Assert.All(reasons, r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{name}: {r}"));
        }
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
    }

    [Fact]
    public void EditingARecordRegeneratesOnlyThatRecord()
    {
        var compilation = RecordGeneratorHarness.Compilation(Records);
        var driver = RecordGeneratorHarness.Driver().RunGenerators(compilation);
        var tree = compilation.SyntaxTrees.Single();
        var edited = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(
            Records.Replace("[FieldId(1)] string Name,", "[FieldId(1)] string Name, [FieldId(3)] long Extra,"), RecordGeneratorHarness.ParseOptions, path: tree.FilePath));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();
        var reasons = result.TrackedSteps[StreamRecordGenerator.TrackingNames.Models].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Contains(IncrementalStepRunReason.Modified, reasons);
        Assert.Contains(IncrementalStepRunReason.Unchanged, reasons);
    }
}
