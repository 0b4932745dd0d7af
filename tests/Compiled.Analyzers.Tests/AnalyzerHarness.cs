using System.Collections.Immutable;
using System.Text;
using Compiled.Analyzers;
using Compiled.Analyzers.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Compiled.Analyzers.Tests;

/// <summary>
/// Runs the analyzers over C# snippets compiled against the .NET reference assemblies and the runtime, without the
/// Roslyn testing packages. Expected diagnostics are marked in the source: <c>[|text|]</c> for the id under test,
/// <c>{|CMP0004:text|}</c> for another id.
/// </summary>
internal static class AnalyzerHarness
{
    public static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(
        new StreamTypeAnalyzer(), new OperatorLambdaAnalyzer(), new OperatorCodeAnalyzer(), new SerializerAnalyzer(),
        new WatermarkAnalyzer(), new WindowParameterAnalyzer(), new Compiled.Analyzers.SchemaLock.SchemaLockAnalyzer());

    /// <summary>Usings every snippet gets, in a separate file so that marker positions are those of the snippet.</summary>
    public const string GlobalUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Threading;
        global using System.Threading.Tasks;
        global using Compiled;
        global using Compiled.Api;
        global using Compiled.EventTime;
        global using Compiled.Functions;
        global using Compiled.Process;
        global using Compiled.State;
        global using Compiled.Windowing;
        global using Compiled.Serialization;
        global using Compiled.Connectors;
        global using Compiled.Connectors.Nexmark;
        """;

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(LoadReferences);

    public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        // <dotnet root>/shared/Microsoft.NETCore.App/<ver>/System.Private.CoreLib.dll -> <dotnet root>/packs/Microsoft.NETCore.App.Ref/<ver>/ref/net10.0
        string runtimeDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        string dotnetRoot = Path.GetFullPath(Path.Combine(runtimeDir, "..", "..", ".."));
        string packs = Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref");
        string version = Path.GetFileName(runtimeDir);
        string refDir = Path.Combine(packs, version, "ref", "net10.0");
        if (!Directory.Exists(refDir))
        {
            refDir = Directory.GetDirectories(packs).OrderBy(d => d, StringComparer.Ordinal).Select(d => Path.Combine(d, "ref", "net10.0")).Last(Directory.Exists);
        }
        var references = Directory.GetFiles(refDir, "*.dll").Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();
        references.Add(MetadataReference.CreateFromFile(typeof(Compiled.Api.StreamEnvironment).Assembly.Location));
        return [.. references];
    }

    public static CSharpCompilationOptions CompilationOptions { get; } = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
        .WithNullableContextOptions(NullableContextOptions.Enable);

    public const string SourcePath = "/src/Test.cs";

    public static CSharpCompilation Compile(string source, CSharpCompilationOptions? options = null) =>
        CSharpCompilation.Create("Test",
            [CSharpSyntaxTree.ParseText(source, ParseOptions, SourcePath), CSharpSyntaxTree.ParseText(GlobalUsings, ParseOptions, "/src/Usings.cs")],
            References, options ?? CompilationOptions);

    /// <summary>Compiles <paramref name="source"/>, fails on compile errors, and returns the Compiled (CMP) diagnostics.</summary>
    public static ImmutableArray<Diagnostic> Analyze(Compilation compilation, AnalyzerOptions? options = null, bool allowErrors = false)
    {
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(allowErrors || errors.Count == 0, "The test source does not compile:\n" + string.Join("\n", errors));
        var withAnalyzers = compilation.WithAnalyzers(Analyzers, new CompilationWithAnalyzersOptions(
            options ?? new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: false));
        var diagnostics = withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        var failures = diagnostics.Where(d => d.Id.StartsWith("AD", StringComparison.Ordinal)).ToList();
        Assert.True(failures.Count == 0, "An analyzer threw:\n" + string.Join("\n", failures));
        return [.. diagnostics.Where(d => d.Id.StartsWith("CMP", StringComparison.Ordinal)).OrderBy(d => d.Location.SourceSpan.Start)];
    }

    /// <summary>Parses the markers out of <paramref name="markup"/>: the plain source and the expected (id, span) pairs.</summary>
    public static (string Source, List<(string Id, TextSpan Span)> Expected) Parse(string markup, string defaultId)
    {
        var source = new StringBuilder();
        var expected = new List<(string, TextSpan)>();
        var open = new Stack<(string Id, int Start)>();
        for (int i = 0; i < markup.Length; i++)
        {
            if (markup[i] == '[' && i + 1 < markup.Length && markup[i + 1] == '|')
            {
                open.Push((defaultId, source.Length));
                i++;
            }
            else if (markup[i] == '{' && i + 1 < markup.Length && markup[i + 1] == '|')
            {
                int colon = markup.IndexOf(':', i);
                open.Push((markup.Substring(i + 2, colon - i - 2), source.Length));
                i = colon;
            }
            else if (markup[i] == '|' && i + 1 < markup.Length && markup[i + 1] is ']' or '}' && open.Count > 0)
            {
                var (id, start) = open.Pop();
                expected.Add((id, TextSpan.FromBounds(start, source.Length)));
                i++;
            }
            else
            {
                source.Append(markup[i]);
            }
        }
        return (source.ToString(), expected);
    }

    /// <summary>Asserts that exactly the marked diagnostics are reported (all CMP ids are compared), and returns them.</summary>
    public static ImmutableArray<Diagnostic> Verify(string markup, string id, AnalyzerOptions? options = null)
    {
        var (source, expected) = Parse(markup, id);
        var diagnostics = Analyze(Compile(source), options);
        var actual = diagnostics.Select(d => (d.Id, d.Location.SourceSpan)).ToList();
        string Describe(IEnumerable<(string Id, TextSpan Span)> items) =>
            string.Join("\n", items.Select(e => $"  {e.Id} {e.Span} '{source.Substring(e.Span.Start, e.Span.Length)}'"));
        Assert.True(
            expected.OrderBy(e => e.Span.Start).ThenBy(e => e.Id).SequenceEqual(actual.OrderBy(e => e.Item2.Start).ThenBy(e => e.Item1)),
            $"Expected:\n{Describe(expected)}\nActual:\n{Describe(actual)}\nMessages:\n{string.Join("\n", diagnostics.Select(d => "  " + d))}");
        foreach (var d in diagnostics)
        {
            Assert.Equal(Descriptors.HelpLinkBase + d.Id + ".md", d.Descriptor.HelpLinkUri);
        }
        return diagnostics;
    }

    /// <summary>Applies the first code fix for the diagnostic <paramref name="id"/> and returns the fixed source of every changed document.</summary>
    public static async Task<Dictionary<string, string>> ApplyFixAsync(CodeFixProvider provider, string id, params (string Path, string Source)[] files)
    {
        using var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(projectId, VersionStamp.Default, "Test", "Test", LanguageNames.CSharp,
                compilationOptions: CompilationOptions, parseOptions: ParseOptions, metadataReferences: References));
        foreach (var (path, text) in files.Append(("/src/Usings.cs", GlobalUsings)))
        {
            solution = solution.AddDocument(DocumentId.CreateNewId(projectId), Path.GetFileName(path), SourceText.From(text), filePath: path);
        }
        var project = solution.GetProject(projectId)!;
        var compilation = (await project.GetCompilationAsync())!;
        var diagnostic = Analyze(compilation).First(d => d.Id == id);
        var document = solution.GetDocument(diagnostic.Location.SourceTree)!;

        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await provider.RegisterCodeFixesAsync(context);
        Assert.True(actions.Count > 0, $"No code fix was offered for {diagnostic}");
        var operations = await actions[0].GetOperationsAsync(CancellationToken.None);
        var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;

        var result = new Dictionary<string, string>();
        foreach (var doc in changed.GetProject(projectId)!.Documents)
        {
            string text = (await doc.GetTextAsync()).ToString();
            if (doc.FilePath != "/src/Usings.cs") result[doc.FilePath!] = text;
        }

        // The fixed project compiles and no longer reports the diagnostic at the fixed place.
        var fixedCompilation = (await changed.GetProject(projectId)!.GetCompilationAsync())!;
        var remaining = Analyze(fixedCompilation);
        Assert.DoesNotContain(remaining, d => d.Id == id && d.Location.SourceSpan.Start == diagnostic.Location.SourceSpan.Start);
        return result;
    }

    /// <summary>Whether a code fix is offered for the first diagnostic <paramref name="id"/> of <paramref name="source"/>.</summary>
    public static async Task<bool> HasFixAsync(CodeFixProvider provider, string id, string source)
    {
        using var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(projectId, VersionStamp.Default, "Test", "Test", LanguageNames.CSharp,
                compilationOptions: CompilationOptions, parseOptions: ParseOptions, metadataReferences: References))
            .AddDocument(DocumentId.CreateNewId(projectId), "Test.cs", SourceText.From(source), filePath: SourcePath)
            .AddDocument(DocumentId.CreateNewId(projectId), "Usings.cs", SourceText.From(GlobalUsings), filePath: "/src/Usings.cs");
        var compilation = (await solution.GetProject(projectId)!.GetCompilationAsync())!;
        var diagnostic = Analyze(compilation).First(d => d.Id == id);
        var actions = new List<CodeAction>();
        await provider.RegisterCodeFixesAsync(new CodeFixContext(solution.GetDocument(diagnostic.Location.SourceTree)!, diagnostic, (a, _) => actions.Add(a), CancellationToken.None));
        return actions.Count > 0;
    }
}
