using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Compiled.Generators.Tests.Records;

/// <summary>Runs <see cref="StreamRecordGenerator"/> over in-memory sources, compiled against the reference assemblies and the runtime.</summary>
internal static class RecordGeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        string runtimeDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;          // .../shared/Microsoft.NETCore.App/10.0.x
        string dotnetRoot = Path.GetFullPath(Path.Combine(runtimeDir, "..", "..", ".."));
        string major = $"{Environment.Version.Major}.{Environment.Version.Minor}";
        string packs = Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref");
        string refDir = Directory.GetDirectories(packs).Where(d => Path.GetFileName(d).StartsWith(major + ".", StringComparison.Ordinal)).Order().Last();
        var framework = Directory.GetFiles(Path.Combine(refDir, "ref", "net" + major), "*.dll").Select(p => (MetadataReference)MetadataReference.CreateFromFile(p));
        return [.. framework, MetadataReference.CreateFromFile(typeof(StreamRecordAttribute).Assembly.Location)];
    });

    public static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);

    public static CSharpCompilation Compilation(params string[] sources) => CSharpCompilation.Create(
        "RecordTests_" + Guid.NewGuid().ToString("N"),
        sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
        References.Value,
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

    /// <summary>Emits the compilation into a collectible load context (the runtime is shared with the default context).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Assembly Load(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        stream.Position = 0;
        var context = new AssemblyLoadContext("records-" + Guid.NewGuid().ToString("N"), isCollectible: true);
        return context.LoadFromStream(stream);
    }
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

/// <summary>
/// Hand-made snapshot check: compares text with <c>Records/Snapshots/NAME.verified.cs</c>. On a mismatch
/// it writes <c>NAME.received.cs</c> beside it and fails with a diff hint. Set UPDATE_SNAPSHOTS=1 to accept.
/// </summary>
internal static class RecordSnapshot
{
    public static void Verify(string name, string actual, [CallerFilePath] string callerFile = "")
    {
        string directory = Path.Combine(Path.GetDirectoryName(callerFile)!, "Snapshots");
        string verified = Path.Combine(directory, name + ".verified.cs");
        string received = Path.Combine(directory, name + ".received.cs");
        actual = actual.Replace("\r\n", "\n");
        if (Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(verified, actual);
        }
        string? expected = File.Exists(verified) ? File.ReadAllText(verified).Replace("\r\n", "\n") : null;
        if (expected == actual)
        {
            if (File.Exists(received)) File.Delete(received);
            return;
        }
        Directory.CreateDirectory(directory);
        File.WriteAllText(received, actual);
        if (expected is null) Assert.Fail($"No snapshot {verified}. Review {received} and rename it to .verified.cs (or run with UPDATE_SNAPSHOTS=1).");
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        int line = 0;
        while (line < e.Length && line < a.Length && e[line] == a[line]) line++;
        Assert.Fail($"Generated code differs from {verified} at line {line + 1}:\n  verified: {(line < e.Length ? e[line] : "<end>")}\n  received: {(line < a.Length ? a[line] : "<end>")}\n" +
                    $"Diff with: diff {verified} {received}; if intended, replace the verified file (or run with UPDATE_SNAPSHOTS=1).");
    }
}
