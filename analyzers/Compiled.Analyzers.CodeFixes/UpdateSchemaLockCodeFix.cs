using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Compiled.Analyzers.SchemaLock;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;

namespace Compiled.Analyzers.CodeFixes;

/// <summary>
/// CMP0013: rewrites the project's <c>streamrecords.lock</c> (an AdditionalFile) with the current schemas of all its
/// <c>[StreamRecord]</c> types. Removed fields stay as tombstones; records with an incompatible change (CMP0012) keep
/// their locked block. Fix-all (also what <c>dotnet format analyzers --diagnostics CMP0013</c> runs) updates the lock of
/// every project in scope once.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UpdateSchemaLockCodeFix)), Shared]
public sealed class UpdateSchemaLockCodeFix : CodeFixProvider
{
    /// <summary>Title of the code action.</summary>
    public const string Title = "Update " + SchemaLockFile.FileName;

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.SchemaLockOutdated.Id);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => UpdateAllLocks.Instance;

    /// <inheritdoc />
    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var project = context.TextDocument.Project;
        if (FindLock(project) is null) return Task.CompletedTask;
        foreach (var diagnostic in context.Diagnostics)
        {
            context.RegisterCodeFix(
                CodeAction.Create(Title, ct => UpdateAsync(project.Solution, new[] { project.Id }, ct), equivalenceKey: nameof(UpdateSchemaLockCodeFix)),
                diagnostic);
        }
        return Task.CompletedTask;
    }

    private static TextDocument? FindLock(Project project) =>
        project.AdditionalDocuments.FirstOrDefault(d => SchemaLockFile.IsLockFile(d.FilePath ?? d.Name));

    /// <summary>The solution with the lock of each project rewritten from its current schemas.</summary>
    internal static async Task<Solution> UpdateAsync(Solution solution, IEnumerable<ProjectId> projects, CancellationToken cancellationToken)
    {
        foreach (var projectId in projects)
        {
            var project = solution.GetProject(projectId);
            if (project is null || FindLock(project) is not { } lockDocument) continue;
            var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            if (compilation is null) continue;
            var oldText = await lockDocument.GetTextAsync(cancellationToken).ConfigureAwait(false);
            var schemas = RecordSchemas.SourceRecords(compilation, cancellationToken).Select(t => RecordSchemas.Of(t, cancellationToken));
            string newLine = oldText.ToString().Contains("\r\n") ? "\r\n" : "\n";
            string newText = SchemaLockFile.Update(SchemaLockFile.Parse(oldText), schemas, newLine);
            if (newText == oldText.ToString()) continue;
            solution = solution.WithAdditionalDocumentText(lockDocument.Id, SourceText.From(newText, oldText.Encoding ?? System.Text.Encoding.UTF8));
        }
        return solution;
    }

    private sealed class UpdateAllLocks : FixAllProvider
    {
        public static readonly UpdateAllLocks Instance = new();

        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() =>
            new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

        public override Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        {
            var projects = fixAllContext.Scope == FixAllScope.Solution
                ? fixAllContext.Solution.ProjectIds.ToArray()
                : new[] { fixAllContext.Project.Id };
            return Task.FromResult<CodeAction?>(CodeAction.Create(Title,
                ct => UpdateAsync(fixAllContext.Solution, projects, ct), equivalenceKey: nameof(UpdateSchemaLockCodeFix)));
        }
    }
}
