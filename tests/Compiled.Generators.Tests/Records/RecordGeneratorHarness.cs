using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

using Compiled.Generators.Tests.Support;

namespace Compiled.Generators.Tests.Records;

/// <summary>Runs <see cref="StreamRecordGenerator"/> over in-memory sources, compiled against the reference assemblies and the runtime.</summary>
internal static class RecordGeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);

    public static CSharpCompilation Compilation(params string[] sources) => CSharpCompilation.Create(
        "RecordTests_" + Guid.NewGuid().ToString("N"),
        sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
        GeneratorHarness.References,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));

    public static GeneratorDriver Driver() => CSharpGeneratorDriver.Create(
        [new StreamRecordGenerator().AsSourceGenerator()], parseOptions: ParseOptions,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator: generated texts by hint name, generator diagnostics, and the output compilation's errors and warnings.</summary>
    public static GeneratorOutput Run(params string[] sources)
    {
        var driver = Driver().RunGeneratorsAndUpdateCompilation(Compilation(sources), out var output, out var diagnostics);
        var generated = driver.GetRunResult().GeneratedTrees.ToDictionary(t => Path.GetFileName(t.FilePath), t => t.GetText().ToString());
        var compileProblems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray();
        return new GeneratorOutput(generated, diagnostics, compileProblems, output);
    }

    /// <summary>Emits and loads the compilation (see <see cref="GeneratorHarness.Load"/>).</summary>
    public static Assembly Load(Compilation compilation) => GeneratorHarness.Load(compilation);
}

internal sealed record GeneratorOutput(
    Dictionary<string, string> Generated, ImmutableArray<Diagnostic> Diagnostics, ImmutableArray<Diagnostic> CompileProblems, Compilation Output)
{
    public void AssertClean()
    {
        Assert.True(Diagnostics.IsEmpty, string.Join("\n", Diagnostics));
        Assert.True(CompileProblems.IsEmpty, string.Join("\n", CompileProblems));
    }
}
