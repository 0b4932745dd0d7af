using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Compiled.Analyzers.Tests;

/// <summary>Severity from .editorconfig, and the analyzers' contract (descriptors, concurrency, no runtime reference).</summary>
public sealed class ConfigurationTests
{
    private const string Source = """
        public static class Job
        {
            public static void Define(DataStream<long> input) => input.Map(static x => { Thread.Sleep(1); return x; }).Print();
        }
        """;

    /// <summary>Applies an .editorconfig to the compilation the way the compiler does: per-tree diagnostic options.</summary>
    private sealed class EditorConfigOptions(AnalyzerConfigSet set) : SyntaxTreeOptionsProvider
    {
        public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken) => GeneratedKind.NotGenerated;

        public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity) =>
            set.GetOptionsForSourcePath(tree.FilePath).TreeOptions.TryGetValue(diagnosticId, out severity);

        public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
        {
            severity = ReportDiagnostic.Default;
            return false;
        }
    }

    private static ImmutableArray<Diagnostic> AnalyzeWithEditorConfig(string editorConfig)
    {
        var set = AnalyzerConfigSet.Create(ImmutableArray.Create(AnalyzerConfig.Parse(editorConfig, "/src/.editorconfig")));
        var options = AnalyzerHarness.CompilationOptions.WithSyntaxTreeOptionsProvider(new EditorConfigOptions(set));
        return AnalyzerHarness.Analyze(AnalyzerHarness.Compile(Source, options));
    }

    [Fact]
    public void Default_severity_is_warning()
    {
        var diagnostic = Assert.Single(AnalyzeWithEditorConfig("root = true"));
        Assert.Equal(("CMP0007", DiagnosticSeverity.Warning), (diagnostic.Id, diagnostic.Severity));
    }

    [Fact]
    public void EditorConfig_raises_severity_to_error()
    {
        var diagnostic = Assert.Single(AnalyzeWithEditorConfig("""
            root = true
            [*.cs]
            dotnet_diagnostic.CMP0007.severity = error
            """));
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
    }

    [Fact]
    public void EditorConfig_disables_the_rule()
    {
        Assert.Empty(AnalyzeWithEditorConfig("""
            root = true
            [*.cs]
            dotnet_diagnostic.CMP0007.severity = none
            """));
    }

    [Fact]
    public void Every_descriptor_has_a_help_page_and_a_release_entry()
    {
        string root = RepoRoot();
        string unshipped = File.ReadAllText(Path.Combine(root, "analyzers/Compiled.Analyzers/AnalyzerReleases.Unshipped.md"));
        var descriptors = AnalyzerHarness.Analyzers.SelectMany(a => a.SupportedDiagnostics).DistinctBy(d => d.Id).ToList();
        Assert.Equal(13, descriptors.Count);
        foreach (var d in descriptors)
        {
            Assert.Equal($"https://github.com/compiled-streaming/compiled/blob/main/docs/diagnostics/{d.Id}.md", d.HelpLinkUri);
            string page = Path.Combine(root, "docs/diagnostics", d.Id + ".md");
            Assert.True(File.Exists(page), $"Missing {page}");
            string text = File.ReadAllText(page);
            foreach (string heading in new[] { "## What", "## Why", "## How to fix", "## Example" })
            {
                Assert.Contains(heading, text);
            }
            Assert.Contains($"{d.Id} | {d.Category} | {d.DefaultSeverity} |", unshipped);
        }
    }

    [Fact]
    public void Analyzers_register_nothing_without_the_runtime()
    {
        var compilation = CSharpCompilation.Create("Plain",
            [CSharpSyntaxTree.ParseText("public static class C { public static void M() => System.Threading.Thread.Sleep(1); }")],
            AnalyzerHarness.References.Where(r => !r.Display!.Contains("Compiled.Runtime")), AnalyzerHarness.CompilationOptions);
        Assert.Empty(AnalyzerHarness.Analyze(compilation));
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Compiled.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Compiled.sln not found above " + AppContext.BaseDirectory);
    }
}
