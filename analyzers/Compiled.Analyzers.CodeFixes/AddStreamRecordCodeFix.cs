using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Compiled.Analyzers.CodeFixes;

/// <summary>CMP0004: marks the record type [StreamRecord] and partial (the type may be declared in another file).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddStreamRecordCodeFix)), Shared]
public sealed class AddStreamRecordCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.MissingSerializer.Id);

    /// <inheritdoc />
    public override FixAllProvider? GetFixAllProvider() => null;

    /// <inheritdoc />
    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.ContainsKey(SerializerAnalyzer.FixableProperty) || diagnostic.AdditionalLocations.Count == 0) continue;
            var target = diagnostic.AdditionalLocations[0];
            if (target.SourceTree is null || context.Document.Project.Solution.GetDocument(target.SourceTree) is not { } document) continue;
            context.RegisterCodeFix(
                CodeAction.Create("Mark the type [StreamRecord] and partial", ct => Fix(document, target, ct), equivalenceKey: nameof(AddStreamRecordCodeFix)),
                diagnostic);
        }
        return Task.CompletedTask;
    }

    private static async Task<Solution> Fix(Document document, Location target, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is not CompilationUnitSyntax unit || model is null ||
            root.FindToken(target.SourceSpan.Start).Parent is not TypeDeclarationSyntax declaration)
            return document.Project.Solution;

        // Use the short name when 'Compiled' is in scope at the declaration, otherwise add the using directive.
        var attribute = model.Compilation.GetTypeByMetadataName("Compiled.StreamRecordAttribute");
        bool inScope = model.LookupNamespacesAndTypes(declaration.SpanStart, name: "StreamRecordAttribute")
            .Any(s => SymbolEqualityComparer.Default.Equals(s, attribute));

        var eol = root.ToFullString().Contains("\r\n") ? SyntaxFactory.CarriageReturnLineFeed : SyntaxFactory.LineFeed;
        var attributeList = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Attribute(SyntaxFactory.IdentifierName("StreamRecord"))));
        var targets = declaration.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().ToList();
        var newRoot = root.ReplaceNodes(targets, (original, rewritten) =>
        {
            var result = SyntaxEdits.AddPartial(rewritten);
            if (original != declaration) return result;
            // The new attribute list takes the declaration's leading trivia (indentation, doc comment); the old first token keeps the indentation.
            var leading = result.GetLeadingTrivia();
            var indentation = leading.Count > 0 && leading.Last().IsKind(SyntaxKind.WhitespaceTrivia) ? SyntaxFactory.TriviaList(leading.Last()) : SyntaxFactory.TriviaList();
            result = result.WithLeadingTrivia(indentation);
            return result.WithAttributeLists(result.AttributeLists.Insert(0, attributeList.WithLeadingTrivia(leading).WithTrailingTrivia(eol)));
        });
        if (!inScope && newRoot is CompilationUnitSyntax newUnit)
        {
            newRoot = newUnit.AddUsings(SyntaxFactory.UsingDirective(SyntaxFactory.IdentifierName("Compiled")).WithTrailingTrivia(eol));
        }
        return document.WithSyntaxRoot(newRoot).Project.Solution;
    }
}
