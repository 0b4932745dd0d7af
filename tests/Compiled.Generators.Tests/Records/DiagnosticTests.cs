using Microsoft.CodeAnalysis;

namespace Compiled.Generators.Tests.Records;

/// <summary>Unsupported shapes produce generator errors that name the member and type; the generator never crashes.</summary>
public class DiagnosticTests
{
    private static Diagnostic Single(string source, string id)
    {
        var output = RecordGeneratorHarness.Run(source);
        var d = Assert.Single(output.Diagnostics, x => x.Id == id);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.DoesNotContain(output.Diagnostics, x => x.Id == "CS8785"); // generator crashed
        return d;
    }

    [Fact]
    public void UnsupportedMemberTypeNamesMemberAndType()
    {
        var d = Single("""
            using Compiled;
            using System.Collections.Generic;
            [StreamRecord] public partial record Bad(long Id, Dictionary<string, int> Counts);
            """, "CMP0101");
        Assert.Contains("'Counts'", d.GetMessage());
        Assert.Contains("Dictionary<string, int>", d.GetMessage());
        Assert.Equal("Source0.cs", d.Location.GetLineSpan().Path);
        Assert.Equal(2, d.Location.GetLineSpan().StartLinePosition.Line);
    }

    [Fact]
    public void EveryUnsupportedMemberIsReported()
    {
        var output = RecordGeneratorHarness.Run("""
            using Compiled;
            public sealed class NotARecord { }
            [StreamRecord] public partial record Bad(NotARecord A, int[,] B, System.IntPtr C);
            """);
        var messages = output.Diagnostics.Where(d => d.Id == "CMP0101").Select(d => d.GetMessage()).ToList();
        Assert.Equal(3, messages.Count);
        Assert.Contains(messages, m => m.Contains("'A'") && m.Contains("mark the type [StreamRecord]"));
        Assert.Contains(messages, m => m.Contains("'B'") && m.Contains("multi-dimensional"));
        Assert.Empty(output.Generated);
    }

    [Fact]
    public void NotPartialIsHiddenBecauseTheAnalyzerReportsIt()
    {
        // Analyzer CMP0001 reports it with a code fix; the generator only stops and keeps a hidden note.
        var output = RecordGeneratorHarness.Run("using Compiled; [StreamRecord] public record R(int A);");
        var d = Assert.Single(output.Diagnostics, x => x.Id == "CMP0102");
        Assert.Equal(DiagnosticSeverity.Hidden, d.Severity);
        Assert.Contains("not partial", d.GetMessage());
        Assert.Empty(output.Generated);
    }

    [Fact]
    public void DuplicateFieldIds() => Assert.Contains("'A' and 'B'", Single("using Compiled; [StreamRecord] public partial record R([FieldId(3)] int A, [FieldId(3)] int B);", "CMP0103").GetMessage());

    [Fact]
    public void InvalidFieldId() => Single("using Compiled; [StreamRecord] public partial record R([FieldId(0)] int A);", "CMP0104");

    [Fact]
    public void NoUsableConstructor() => Single("""
        using Compiled;
        [StreamRecord] public partial class R { public R(string unrelated) { } public int A { get; set; } }
        """, "CMP0105");

    [Fact]
    public void GenericRecord() => Single("using Compiled; [StreamRecord] public partial record R<T>(int A);", "CMP0106");

    [Fact]
    public void ReservedName() => Single("using Compiled; [StreamRecord] public partial record R(int Serializer);", "CMP0107");
}
