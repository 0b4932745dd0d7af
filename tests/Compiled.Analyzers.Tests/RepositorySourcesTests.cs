using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Compiled.Analyzers.Tests;

/// <summary>
/// No false positives on the repository's own jobs: the samples build with the analyzers attached (and warnings as
/// errors), and the runtime and Nexmark tests — full of small jobs — are analysed here, since the build does not
/// attach the analyzers to test projects.
/// </summary>
public sealed class RepositorySourcesTests
{
    /// <summary>
    /// Runtime tests that commit these mistakes on purpose, to check that the runtime rejects them with a clear
    /// message: each is a true positive (the analyzer catches at compile time what the test expects to fail at run time).
    /// </summary>
    private static readonly (string File, string Test, string Id)[] DeliberateMistakes =
    [
        ("EventTime/EventTimeJobTests.cs", "EventTimeWindowWithoutTimestampAssignerFailsAtBuildTime", "CMP0006"),
        ("EventTime/EventTimeJobTests.cs", "EventTimeWindowAllWithoutTimestampAssignerFailsAtBuildTime", "CMP0006"),
        ("Cluster/JobErrorTests.cs", "KeyTypeWithoutSerializerFailsWithAHint", "CMP0011"),
        ("Process/TimerTests.cs", "TriesTimer", "CMP0009"),
        ("State/KeyedStateTests.cs", "UsesState", "CMP0009"),
        ("Checkpointing/ExactlyOnceRecoveryTests.cs", "Define", "CMP0008"), // a static countdown injects failures
    ];

    [Theory]
    [InlineData("samples/Nexmark")]
    [InlineData("tests/Compiled.Runtime.Tests")]
    [InlineData("tests/Nexmark.Tests")]
    public void Reports_no_warnings_or_errors(string folder)
    {
        string root = ConfigurationTests.RepoRoot();
        string dir = Path.Combine(root, folder);
        var files = Directory.GetFiles(dir, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .ToList();
        Assert.NotEmpty(files);
        const string implicitUsings = """
            global using System;
            global using System.Collections.Generic;
            global using System.IO;
            global using System.Linq;
            global using System.Net.Http;
            global using System.Threading;
            global using System.Threading.Tasks;
            global using Xunit;
            """;
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), AnalyzerHarness.ParseOptions, f))
            .Append(CSharpSyntaxTree.ParseText(implicitUsings, AnalyzerHarness.ParseOptions, "/implicit.cs"));
        var references = AnalyzerHarness.References.Append(MetadataReference.CreateFromFile(typeof(FactAttribute).Assembly.Location))
            .Append(MetadataReference.CreateFromFile(typeof(Assert).Assembly.Location));
        var compilation = CSharpCompilation.Create("Repo", trees, references, AnalyzerHarness.CompilationOptions);
        var reported = AnalyzerHarness.Analyze(compilation, allowErrors: true)
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .Where(d => !DeliberateMistakes.Any(m =>
                d.Id == m.Id && EnclosingMember(d) == m.Test &&
                d.Location.SourceTree!.FilePath.Replace('\\', '/').EndsWith(folder + "/" + m.File, StringComparison.Ordinal)))
            .ToList();
        Assert.True(reported.Count == 0, string.Join("\n", reported));
    }

    /// <summary>The name of the method or type declaration that contains the diagnostic.</summary>
    private static string? EnclosingMember(Diagnostic diagnostic)
    {
        var node = diagnostic.Location.SourceTree!.GetRoot().FindNode(diagnostic.Location.SourceSpan);
        foreach (var ancestor in node.AncestorsAndSelf())
        {
            switch (ancestor)
            {
                case Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax method when method.Identifier.ValueText is not ("Open" or "ProcessElement"):
                    return method.Identifier.ValueText;
                case Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax type:
                    return type.Identifier.ValueText;
            }
        }
        return null;
    }
}
