using System.Collections.Immutable;
using System.Reflection;
using Compiled.Generators.Jobs;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

using Compiled.Generators.Tests.Support;

namespace Compiled.Generators.Tests.Jobs;

/// <summary>Compiles job sources against the runtime with the job and state-field generators, in memory.</summary>
internal static class JobCompilation
{
    public static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default
        .WithLanguageVersion(LanguageVersion.Preview)
        .WithFeatures([new("InterceptorsNamespaces", "Compiled.Generated")]);

    public static CSharpCompilation Create(params string[] sources) => CSharpCompilation.Create(
        "JobTests_" + Guid.NewGuid().ToString("N"),
        sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Job{i}.cs")),
        GeneratorHarness.References,
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

    /// <summary>
    /// Compiles <paramref name="source"/>, asserting the generator reported exactly <paramref name="expectedDiagnostics"/>
    /// (ids, in order; none by default), and calls the job's <c>Run(bool interpreted, int parallelism)</c> both ways;
    /// returns both results and the generated texts.
    /// </summary>
    public static (T Compiled, T Interpreted, Dictionary<string, string> Generated) RunBothWays<T>(string source, string job, int parallelism,
        params string[] expectedDiagnostics)
    {
        var (generated, diagnostics, output) = Run(source);
        Assert.Equal(expectedDiagnostics, diagnostics.Select(d => d.Id));
        var run = Load(output).GetType(job)!.GetMethod("Run")!;
        return ((T)run.Invoke(null, [false, parallelism])!, (T)run.Invoke(null, [true, parallelism])!, generated);
    }

    /// <summary>Emits and loads the compilation (see <see cref="GeneratorHarness.Load"/>).</summary>
    public static Assembly Load(Compilation compilation) => GeneratorHarness.Load(compilation);
}
