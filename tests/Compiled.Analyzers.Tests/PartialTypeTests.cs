using Compiled.Analyzers.CodeFixes;

namespace Compiled.Analyzers.Tests;

public sealed class PartialTypeTests
{
    private const string Id = "CMP0001";

    [Fact]
    public void Reports_non_partial_record_and_job()
    {
        AnalyzerHarness.Verify("""
            [StreamRecord] public record struct [|Order|](long Id, long Amount);
            [StreamRecord] public sealed class [|Customer|] { public long Id { get; init; } }
            [StreamJob] public static class [|OrdersJob|] { public static void Define(StreamEnvironment env) { } }
            """, Id);
    }

    [Fact]
    public void Reports_record_nested_in_a_non_partial_type()
    {
        var diagnostics = AnalyzerHarness.Verify("""
            public static class Outer
            {
                [StreamRecord] public partial record struct [|Order|](long Id);
            }
            """, Id);
        Assert.Contains("its containing type 'Outer' is", diagnostics[0].GetMessage());
    }

    [Fact]
    public void Accepts_partial_and_unannotated_types()
    {
        AnalyzerHarness.Verify("""
            [StreamRecord] public partial record struct Order(long Id, long Amount);
            public static partial class Outer { [StreamRecord] public partial record Inner(long Id); }
            [StreamJob] public static partial class OrdersJob { public static void Define(StreamEnvironment env) { } }
            public record struct Plain(long Id);
            """, Id);
    }

    [Fact]
    public async Task Fix_adds_partial_to_the_type_and_its_containers()
    {
        var result = await AnalyzerHarness.ApplyFixAsync(new MakePartialCodeFix(), Id, (AnalyzerHarness.SourcePath, """
            public static class Outer
            {
                /// <summary>An order.</summary>
                [StreamRecord]
                public record struct Order(long Id);

                [StreamRecord]
                record class Line(long Id);
            }
            """));
        Assert.Equal("""
            public static partial class Outer
            {
                /// <summary>An order.</summary>
                [StreamRecord]
                public partial record struct Order(long Id);

                [StreamRecord]
                record class Line(long Id);
            }
            """, result[AnalyzerHarness.SourcePath]);
    }

    [Fact]
    public async Task Fix_adds_partial_to_a_type_without_modifiers()
    {
        var result = await AnalyzerHarness.ApplyFixAsync(new MakePartialCodeFix(), Id, (AnalyzerHarness.SourcePath, """
            [StreamJob] class Job { }
            """));
        Assert.Equal("""
            [StreamJob] partial class Job { }
            """, result[AnalyzerHarness.SourcePath]);
    }
}
