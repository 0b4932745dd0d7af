using System.Collections.Immutable;
using Compiled.Analyzers.CodeFixes;
using Compiled.Analyzers.SchemaLock;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Compiled.Analyzers.Tests;

/// <summary>CMP0012 (incompatible schema change) and CMP0013 (schema lock out of date), and the lock-updating code fix.</summary>
public sealed class SchemaLockTests
{
    private const string Incompatible = "CMP0012";
    private const string Outdated = "CMP0013";
    private const string LockPath = "/src/streamrecords.lock";

    private sealed class InMemoryText(string path, string text) : AdditionalText
    {
        public override string Path => path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }

    private static AnalyzerOptions WithLock(string lockText) => new([new InMemoryText(LockPath, lockText)]);

    /// <summary>A lock with the given blocks (no header: comments are optional).</summary>
    private static string Lock(params string[] lines) => string.Join("\n", lines) + "\n";

    private static ImmutableArray<Diagnostic> Verify(string markup, string lockText, string defaultId) =>
        AnalyzerHarness.Verify(markup, defaultId, WithLock(lockText));

    [Fact]
    public void Reports_nothing_without_a_lock_file()
    {
        AnalyzerHarness.Verify("""
            [StreamRecord]
            public partial record struct Sensor(long Id, string Name);
            """, Incompatible);
        // Another additional file is not a lock.
        AnalyzerHarness.Verify("""
            [StreamRecord]
            public partial record struct Sensor(long Id, string Name);
            """, Incompatible, new AnalyzerOptions([new InMemoryText("/src/other.lock", "record Sensor\n  1 Id string\n")]));
    }

    [Fact]
    public void Reports_nothing_when_the_schema_matches_the_lock()
    {
        Verify("""
            namespace Shop
            {
                [StreamRecord]
                public partial record struct Line([FieldId(1)] long Sku, [FieldId(2)] string? Note, [FieldId(3)] int[] Counts);

                [StreamRecord]
                public sealed partial class Order
                {
                    [FieldId(1)] public long Id { get; init; }
                    [FieldId(2)] public List<Line> Lines { get; init; } = new();
                    [FieldId(4)] public DateTime At { get; set; }
                    public decimal Total { get; set; }
                }
            }
            """, Lock(
                "# comment",
                "record Shop.Line",
                "  1 Sku svarint",
                "  2 Note string?",
                "  3 Counts seq<svarint>",
                "",
                "record Shop.Order 0x0000000000000000",
                "  1 Id svarint",
                "  2 Lines seq<record<Shop.Line>>",
                "  3 Old string removed",
                "  4 At datetime",
                $"  {Generators.Model.WireModel.DerivedId("Total")} Total decimal"), Incompatible);
    }

    [Fact]
    public void Changing_a_wire_type_is_an_error_naming_record_and_field()
    {
        var diagnostics = Verify("""
            [StreamRecord]
            public partial record struct Bid([FieldId(1)] long Auction, [FieldId(2)] string [|Price|], [FieldId(3)] double [|Rate|]);
            """, Lock("record Bid", "  1 Auction svarint", "  2 Price svarint", "  3 Rate fixed32"), Incompatible);
        Assert.Equal(
            "Stream record 'Bid' changes the wire type of field 'Price' (id 2) from svarint to string: savepoints written with the locked schema cannot be read; keep the wire type, or add a field with a new [FieldId] and remove this one",
            diagnostics[0].GetMessage());
        Assert.Equal(DiagnosticSeverity.Error, diagnostics[0].Severity);
        // The lock's block is an additional location.
        Assert.Equal(LockPath, diagnostics[0].AdditionalLocations.Single().GetLineSpan().Path);
        Assert.Equal(0, diagnostics[0].AdditionalLocations.Single().GetLineSpan().StartLinePosition.Line);
    }

    [Fact]
    public void Widening_within_a_wire_type_is_compatible()
    {
        Verify("""
            public enum Severity : short { Low, High }

            [StreamRecord]
            public partial record struct Reading([FieldId(1)] long Value, [FieldId(2)] int Level, [FieldId(3)] Severity Kind);
            """, Lock("record Reading", "  1 Value svarint", "  2 Level svarint", "  3 Kind svarint"), Incompatible);
    }

    [Fact]
    public void Reusing_the_id_of_a_removed_field_is_an_error()
    {
        var diagnostics = Verify("""
            [StreamRecord]
            public partial record struct Bid([FieldId(1)] long Auction, [FieldId(7)] string [|Note|]);
            """, Lock("record Bid", "  1 Auction svarint", "  7 Extra string removed"), Incompatible);
        Assert.Equal(
            "Stream record 'Bid' reuses id 7 of the removed field 'Extra' (string) for 'Note' (string): savepoints may hold 'Extra' values under that id; give 'Note' a new [FieldId]",
            diagnostics[0].GetMessage());
    }

    [Fact]
    public void Swapping_ids_is_an_error_on_both_fields()
    {
        var diagnostics = Verify("""
            [StreamRecord]
            public partial record struct Point([FieldId(2)] long [|X|], [FieldId(1)] long [|Y|]);
            """, Lock("record Point", "  1 X svarint", "  2 Y svarint"), Incompatible);
        Assert.Contains("gives id 2 of field 'Y' to 'X' while 'Y' now has id 1", diagnostics[0].GetMessage());
    }

    [Fact]
    public void Moving_a_field_to_another_id_is_an_error()
    {
        var diagnostics = Verify("""
            [StreamRecord]
            public partial record struct Bid([FieldId(1)] long Auction, [FieldId(9)] long [|Price|]);
            """, Lock("record Bid", "  1 Auction svarint", "  3 Price svarint"), Incompatible);
        Assert.Equal(
            "Stream record 'Bid' moves field 'Price' from id 3 to id 9: its values in savepoints (id 3) would be dropped; declare [FieldId(3)]",
            diagnostics[0].GetMessage());
    }

    [Fact]
    public void Making_a_nullable_value_non_nullable_is_an_error_but_references_are_fine()
    {
        Verify("""
            [StreamRecord]
            public partial record struct Reading([FieldId(1)] long [|Value|], [FieldId(2)] string {|CMP0013:Name|}, [FieldId(3)] long? {|CMP0013:Count|});
            """, Lock("record Reading", "  1 Value svarint?", "  2 Name string?", "  3 Count svarint"), Incompatible);
    }

    [Fact]
    public void Added_renamed_and_removed_fields_are_informational()
    {
        var diagnostics = Verify("""
            [StreamRecord]
            public partial record struct [|Bid|]([FieldId(1)] long Auction, [FieldId(2)] long [|Amount|], [FieldId(8)] string [|Note|]);
            """, Lock("record Bid", "  1 Auction svarint", "  2 Price svarint", "  7 Extra string"), Outdated);
        Assert.All(diagnostics, d => Assert.Equal(DiagnosticSeverity.Info, d.Severity));
        Assert.Equal(
            [
                "Stream record 'Bid' removes field 'Extra' (id 7, string); update streamrecords.lock",
                "Stream record 'Bid' renames field 'Price' (id 2) to 'Amount'; update streamrecords.lock",
                "Stream record 'Bid' adds field 'Note' (id 8, string); update streamrecords.lock",
            ],
            diagnostics.Select(d => d.GetMessage()));
    }

    [Fact]
    public void Adding_back_a_removed_field_is_informational()
    {
        Verify("""
            [StreamRecord]
            public partial record struct Bid([FieldId(1)] long Auction, [FieldId(7)] string [|Extra|]);
            """, Lock("record Bid", "  1 Auction svarint", "  7 Extra string removed"), Outdated);
    }

    [Fact]
    public void A_record_missing_from_the_lock_is_informational()
    {
        var diagnostics = Verify("""
            namespace Sensors
            {
                public static partial class Outer
                {
                    [StreamRecord]
                    public partial record struct [|Reading|](long Value);
                }

                [StreamRecord]
                public partial record struct Known([FieldId(1)] long Value);
            }
            """, Lock("record Sensors.Known", "  1 Value svarint"), Outdated);
        Assert.Equal("Stream record 'Sensors.Outer.Reading' is not in streamrecords.lock; update streamrecords.lock", diagnostics[0].GetMessage());
    }

    [Fact]
    public void Records_the_generator_rejects_are_not_compared()
    {
        Verify("""
            [StreamRecord]
            public partial record struct Bid([FieldId(1)] long Auction, [FieldId(1)] string Other);
            """, Lock("record Bid", "  1 Auction string"), Incompatible);
    }

    [Fact]
    public void Lock_blocks_of_records_no_longer_in_the_project_are_reported_in_the_lock()
    {
        string lockText = Lock("record Bid", "  1 Auction svarint", "", "record Gone", "  1 Id svarint", "record Plain", "  1 Id svarint");
        var (source, _) = AnalyzerHarness.Parse("""
            [StreamRecord]
            public partial record struct Bid([FieldId(1)] long Auction);

            public record Plain(long Id);
            """, Outdated);
        var diagnostics = AnalyzerHarness.Analyze(AnalyzerHarness.Compile(source), WithLock(lockText));
        Assert.Equal(2, diagnostics.Length);
        var text = SourceText.From(lockText);
        Assert.All(diagnostics, d => Assert.Equal((Outdated, LockPath), (d.Id, d.Location.GetLineSpan().Path)));
        Assert.Equal(["record Gone", "record Plain"], diagnostics.Select(d => text.ToString(d.Location.SourceSpan)).Order());
        Assert.Contains("Stream record 'Gone' is in streamrecords.lock but no longer a [StreamRecord] of this project; update streamrecords.lock", diagnostics.Select(d => d.GetMessage()));
    }

    [Fact]
    public void Malformed_lock_lines_are_errors_at_the_line()
    {
        string lockText = Lock("  1 Orphan svarint", "record Bid", "  x Auction svarint", "  1 Auction svarint", "  1 Again svarint", "  2 Price svarint gone");
        var (source, _) = AnalyzerHarness.Parse("""
            [StreamRecord]
            public partial record struct Bid([FieldId(1)] long Auction);
            """, Incompatible);
        var diagnostics = AnalyzerHarness.Analyze(AnalyzerHarness.Compile(source), WithLock(lockText));
        Assert.All(diagnostics, d => Assert.Equal((Incompatible, LockPath), (d.Id, d.Location.GetLineSpan().Path)));
        Assert.Equal([0, 2, 4, 5], diagnostics.Select(d => d.Location.GetLineSpan().StartLinePosition.Line).Order());
        Assert.Contains("streamrecords.lock line 3: expected '<id> <name> <wire type> [removed]'; the schemas cannot be checked", diagnostics.Select(d => d.GetMessage()));
    }

    // ---- code fix ----

    private const string Header = """
        # Schemas of this project's [StreamRecord] types, checked at build time against the code (CMP0012, CMP0013).
        # Commit this file. Savepoints stay restorable as long as every change to it is compatible.
        # Update it with the CMP0013 code fix ("Update streamrecords.lock") in the IDE, or from the command line:
        #   dotnet format analyzers <project> --diagnostics CMP0013 --severity info
        # Format: 'record <type> <schema fingerprint>', then '<id> <name> <wire type>' per field ordered by id;
        # 'removed' marks a deleted field: its id must never be used again.

        """;

    private const string FixSource = """
        namespace Shop
        {
            [StreamRecord]
            public partial record struct Bid([FieldId(1)] long Auction, [FieldId(2)] long Amount, [FieldId(8)] string? Note);

            [StreamRecord]
            public partial record struct Broken([FieldId(1)] string Id);

            [StreamRecord]
            public sealed partial class Fresh
            {
                [FieldId(1)] public Guid Id { get; init; }
                [FieldId(2)] public List<Bid> Bids { get; init; } = new();
            }
        }
        """;

    private const string FixLock = "record Shop.Bid\n  1 Auction svarint\n  2 Price svarint\n  7 Extra string\n  9 Old fixed64 removed\n\n" +
        "record Shop.Broken 0x1\n  1 Id svarint\n\nrecord Shop.Gone\n  1 Id svarint\n";

    private static string Fingerprint(string schemaText) => "0x" + Generators.Model.WireModel.Fingerprint(schemaText).ToString("x16");

    private static readonly string ExpectedLock = Header + $"""

        record Shop.Bid {Fingerprint("Shop.Bid{1:Auction:svarint;2:Amount:svarint;8:Note:string?}")}
          1 Auction svarint
          2 Amount svarint
          7 Extra string removed
          8 Note string?
          9 Old fixed64 removed

        record Shop.Broken 0x1
          1 Id svarint

        record Shop.Fresh {Fingerprint("Shop.Fresh{1:Id:guid;2:Bids:seq<record<Shop.Bid>>}")}
          1 Id guid
          2 Bids seq<record<Shop.Bid>>

        """;

    private static (AdhocWorkspace Workspace, Project Project) CreateProject(string source, string lockText)
    {
        var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(projectId, VersionStamp.Default, "Test", "Test", LanguageNames.CSharp,
                compilationOptions: AnalyzerHarness.CompilationOptions, parseOptions: AnalyzerHarness.ParseOptions, metadataReferences: AnalyzerHarness.References))
            .AddDocument(DocumentId.CreateNewId(projectId), "Test.cs", SourceText.From(source), filePath: AnalyzerHarness.SourcePath)
            .AddDocument(DocumentId.CreateNewId(projectId), "Usings.cs", SourceText.From(AnalyzerHarness.GlobalUsings), filePath: "/src/Usings.cs")
            .AddAdditionalDocument(DocumentId.CreateNewId(projectId), "streamrecords.lock", SourceText.From(lockText), filePath: LockPath);
        return (workspace, solution.GetProject(projectId)!);
    }

    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Project project) =>
        AnalyzerHarness.Analyze((await project.GetCompilationAsync())!, project.AnalyzerOptions);

    private static async Task<string> LockTextAsync(Solution solution, ProjectId projectId) =>
        (await solution.GetProject(projectId)!.AdditionalDocuments.Single().GetTextAsync()).ToString();

    [Fact]
    public async Task Code_fix_rewrites_the_lock_and_removes_the_informational_diagnostics()
    {
        var (workspace, project) = CreateProject(FixSource, FixLock);
        using var _ = workspace;
        var diagnostics = await AnalyzeAsync(project);
        Assert.Equal(["CMP0012", "CMP0013", "CMP0013", "CMP0013", "CMP0013", "CMP0013"], diagnostics.Select(d => d.Id).Order());
        var diagnostic = diagnostics.First(d => d.Id == Outdated && d.Location.IsInSource);

        var actions = new List<CodeAction>();
        var fix = new UpdateSchemaLockCodeFix();
        await fix.RegisterCodeFixesAsync(new CodeFixContext(project.GetDocument(diagnostic.Location.SourceTree)!, diagnostic, (a, _) => actions.Add(a), CancellationToken.None));
        var action = Assert.Single(actions);
        Assert.Equal("Update streamrecords.lock", action.Title);
        var changed = (await action.GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single().ChangedSolution;

        Assert.Equal(ExpectedLock, await LockTextAsync(changed, project.Id));
        // Only the incompatible change (Broken.Id: svarint -> string) remains; the sources are untouched.
        var remaining = await AnalyzeAsync(changed.GetProject(project.Id)!);
        var left = Assert.Single(remaining);
        Assert.Equal(Incompatible, left.Id);
        Assert.Contains("'Shop.Broken' changes the wire type of field 'Id'", left.GetMessage());
        Assert.Equal(FixSource, (await changed.GetProject(project.Id)!.Documents.First(d => d.Name == "Test.cs").GetTextAsync()).ToString());

        // Applying it again changes nothing.
        var again = await UpdateAgainAsync(changed.GetProject(project.Id)!);
        Assert.Equal(ExpectedLock, await LockTextAsync(again, project.Id));
    }

    private static Task<Solution> UpdateAgainAsync(Project project) =>
        UpdateSchemaLockCodeFix.UpdateAsync(project.Solution, [project.Id], CancellationToken.None);

    [Fact]
    public async Task Code_fix_creates_the_blocks_of_a_new_lock_and_keeps_crlf_line_ends()
    {
        const string source = """
            [StreamRecord]
            public partial record struct Bid([FieldId(1)] long Auction, [FieldId(2)] string Url);
            """;
        var (workspace, project) = CreateProject(source, "# our lock\r\n");
        using var _ = workspace;
        var diagnostic = Assert.Single(await AnalyzeAsync(project));
        var actions = new List<CodeAction>();
        await new UpdateSchemaLockCodeFix().RegisterCodeFixesAsync(new CodeFixContext(project.Documents.First(d => d.Name == "Test.cs"), diagnostic, (a, _) => actions.Add(a), CancellationToken.None));
        var changed = (await Assert.Single(actions).GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single().ChangedSolution;
        string expected = (Header + $"\nrecord Bid {Fingerprint("Bid{1:Auction:svarint;2:Url:string}")}\n  1 Auction svarint\n  2 Url string\n").Replace("\n", "\r\n");
        Assert.Equal(expected, await LockTextAsync(changed, project.Id));
        Assert.Empty(await AnalyzeAsync(changed.GetProject(project.Id)!));
    }

    [Fact]
    public async Task Code_fix_is_offered_on_the_lock_file_and_not_without_one()
    {
        var (workspace, project) = CreateProject("public record Plain(long Id);", "record Gone\n  1 Id svarint\n");
        using var _ = workspace;
        var diagnostic = Assert.Single(await AnalyzeAsync(project));
        var lockDocument = project.AdditionalDocuments.Single();
        var actions = new List<CodeAction>();
        await new UpdateSchemaLockCodeFix().RegisterCodeFixesAsync(new CodeFixContext(lockDocument, diagnostic, (a, _) => actions.Add(a), CancellationToken.None));
        var changed = (await Assert.Single(actions).GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single().ChangedSolution;
        Assert.Equal(Header, await LockTextAsync(changed, project.Id));

        // A project without a lock gets no fix (and no diagnostic).
        var withoutLock = project.RemoveAdditionalDocument(lockDocument.Id);
        Assert.Empty(await AnalyzeAsync(withoutLock));
    }

    /// <summary>Fix-all is what <c>dotnet format analyzers --diagnostics CMP0013</c> runs: one lock update per project.</summary>
    [Fact]
    public async Task Fix_all_updates_the_lock_once()
    {
        var (workspace, project) = CreateProject(FixSource, FixLock);
        using var _ = workspace;
        var diagnostics = (await AnalyzeAsync(project)).Where(d => d.Id == Outdated).ToImmutableArray();
        var fix = new UpdateSchemaLockCodeFix();
        var provider = fix.GetFixAllProvider();
        Assert.Contains(FixAllScope.Solution, provider.GetSupportedFixAllScopes());
        var context = new FixAllContext(project.Documents.First(d => d.Name == "Test.cs"), fix, FixAllScope.Solution, nameof(UpdateSchemaLockCodeFix),
            [Outdated], new FixedDiagnostics(diagnostics), CancellationToken.None);
        var action = await provider.GetFixAsync(context);
        var changed = (await action!.GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single().ChangedSolution;
        Assert.Equal(ExpectedLock, await LockTextAsync(changed, project.Id));
    }

    private sealed class FixedDiagnostics(ImmutableArray<Diagnostic> all) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) => Task.FromResult<IEnumerable<Diagnostic>>(all);

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult(all.Where(d => d.Location.SourceTree?.FilePath == document.FilePath));

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult(all.Where(d => !d.Location.IsInSource));
    }

    // ---- the repository's own locks ----

    [Theory]
    [InlineData("runtime/Compiled.Runtime", "Connectors/Nexmark")]
    [InlineData("samples/Nexmark", "")]
    public void Committed_locks_are_up_to_date(string project, string folder)
    {
        string root = ConfigurationTests.RepoRoot();
        string dir = Path.Combine(root, project);
        var files = Directory.GetFiles(Path.Combine(dir, folder), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"));
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), AnalyzerHarness.ParseOptions, f))
            .Append(CSharpSyntaxTree.ParseText("global using System; global using System.Collections.Generic; global using System.Linq;", AnalyzerHarness.ParseOptions, "/implicit.cs"));
        var compilation = CSharpCompilation.Create("Repo", trees, AnalyzerHarness.References, AnalyzerHarness.CompilationOptions);
        string lockPath = Path.Combine(dir, "streamrecords.lock");
        var options = new AnalyzerOptions([new InMemoryText(lockPath, File.ReadAllText(lockPath))]);
        var reported = AnalyzerHarness.Analyze(compilation, options, allowErrors: true).Where(d => d.Id is Incompatible or Outdated).ToList();
        Assert.True(reported.Count == 0, string.Join("\n", reported));
        Assert.NotEmpty(SchemaLockFile.Parse(SourceText.From(File.ReadAllText(lockPath))).Records);
    }

    /// <summary>The lock holds exactly the generated schema: its live fields spell <c>T.Serializer.SchemaText</c>, its fingerprint <c>SchemaFingerprint</c>.</summary>
    [Fact]
    public void Runtime_lock_matches_the_generated_schemas()
    {
        string lockPath = Path.Combine(ConfigurationTests.RepoRoot(), "runtime/Compiled.Runtime/streamrecords.lock");
        var records = SchemaLockFile.Parse(SourceText.From(File.ReadAllText(lockPath))).Records;
        (string Text, ulong Fingerprint)[] generated =
        [
            (Compiled.Connectors.Nexmark.Bid.Serializer.SchemaText, Compiled.Connectors.Nexmark.Bid.Serializer.SchemaFingerprint.Value),
            (Compiled.Connectors.Nexmark.Person.Serializer.SchemaText, Compiled.Connectors.Nexmark.Person.Serializer.SchemaFingerprint.Value),
            (Compiled.Connectors.Nexmark.Auction.Serializer.SchemaText, Compiled.Connectors.Nexmark.Auction.Serializer.SchemaFingerprint.Value),
        ];
        Assert.Equal(generated.Length, records.Count);
        foreach (var (text, fingerprint) in generated)
        {
            var record = records[text.Substring(0, text.IndexOf('{'))];
            string fromLock = record.Name + "{" + string.Join(";", record.Fields.Where(f => !f.Removed).Select(f => $"{f.Id}:{f.Name}:{f.Type}")) + "}";
            Assert.Equal(text, fromLock);
            Assert.Equal("0x" + fingerprint.ToString("x16"), record.Fingerprint);
        }
    }
}
