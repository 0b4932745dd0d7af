using System.Collections.Immutable;
using System.Reflection;
using Compiled.Generators.Jobs;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Compiled.Generators.Tests.Jobs;

/// <summary>Compiles job sources against the runtime with the job and state-field generators, in memory.</summary>
internal static class JobCompilation
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        string dotnetRoot = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(typeof(object).Assembly.Location)!)!)!;
        string version = typeof(object).Assembly.GetName().Version is { } v ? $"{v.Major}.{v.Minor}" : "10.0";
        string refDir = Directory.GetDirectories(Path.Combine(Path.GetDirectoryName(dotnetRoot)!, "packs", "Microsoft.NETCore.App.Ref"))
            .Where(d => Path.GetFileName(d).StartsWith(version, StringComparison.Ordinal)).Order().Last();
        var framework = Directory.GetFiles(Path.Combine(refDir, "ref", $"net{version}"), "*.dll").Select(p => MetadataReference.CreateFromFile(p));
        return [.. framework, MetadataReference.CreateFromFile(typeof(Compiled.Api.StreamEnvironment).Assembly.Location)];
    });

    public static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default
        .WithLanguageVersion(LanguageVersion.Preview)
        .WithFeatures([new("InterceptorsNamespaces", "Compiled.Generated")]);

    public static CSharpCompilation Create(params string[] sources) => CSharpCompilation.Create(
        "JobTests_" + Guid.NewGuid().ToString("N"),
        sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Job{i}.cs")),
        References.Value,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver Driver() => CSharpGeneratorDriver.Create(
        [new StreamJobGenerator().AsSourceGenerator(), new Compiled.Generators.StateFields.StateFieldGenerator().AsSourceGenerator()], parseOptions: ParseOptions,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator; returns the generated texts by hint name, its diagnostics and the final compilation.</summary>
    public static (Dictionary<string, string> Generated, ImmutableArray<Diagnostic> Diagnostics, Compilation Output) Run(params string[] sources)
    {
        var driver = Driver().RunGeneratorsAndUpdateCompilation(Create(sources), out var output, out var diagnostics);
        var generated = driver.GetRunResult().GeneratedTrees.ToDictionary(t => Path.GetFileName(t.FilePath), t => t.GetText().ToString());
        return (generated, diagnostics, output);
    }

    /// <summary>Emits <paramref name="compilation"/> and loads it; fails with the compiler's errors.</summary>
    public static Assembly Load(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        return Assembly.Load(stream.ToArray());
    }
}
