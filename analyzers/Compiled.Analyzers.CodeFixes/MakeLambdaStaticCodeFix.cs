using System.Collections.Generic;
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
using Microsoft.CodeAnalysis.Operations;

namespace Compiled.Analyzers.CodeFixes;

/// <summary>
/// CMP0002: makes an operator lambda <c>static</c> when that compiles: every captured variable is a local that is
/// initialised with a constant and never written again, so it becomes a <c>const</c> and the lambda needs no closure.
/// The fix is only offered when the rewritten document has no more errors than before.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeLambdaStaticCodeFix)), Shared]
public sealed class MakeLambdaStaticCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.LambdaCaptures.Id);

    /// <inheritdoc />
    public override FixAllProvider? GetFixAllProvider() => null;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var document = context.Document;
        var ct = context.CancellationToken;
        var root = await document.GetSyntaxRootAsync(ct).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(ct).ConfigureAwait(false);
        if (root is null || model is null) return;
        var lambda = root.FindToken(context.Span.Start).Parent?.AncestorsAndSelf().OfType<AnonymousFunctionExpressionSyntax>()
            .FirstOrDefault(l => l.SpanStart == context.Span.Start);
        if (lambda is null || model.GetOperation(lambda, ct) is not IAnonymousFunctionOperation operation) return;

        var newRoot = Rewrite(root, model, lambda, operation, ct);
        if (newRoot is null) return;
        var fixedDocument = document.WithSyntaxRoot(newRoot);
        if (!await CompilesAsWellAsync(document, fixedDocument, ct).ConfigureAwait(false)) return;

        foreach (var diagnostic in context.Diagnostics)
        {
            context.RegisterCodeFix(
                CodeAction.Create("Make lambda static (captured constants become const)", _ => Task.FromResult(fixedDocument), equivalenceKey: nameof(MakeLambdaStaticCodeFix)),
                diagnostic);
        }
    }

    /// <summary>The root with the lambda static and its captured locals const, or null when some capture cannot become a constant.</summary>
    private static SyntaxNode? Rewrite(SyntaxNode root, SemanticModel model, AnonymousFunctionExpressionSyntax lambda, IAnonymousFunctionOperation operation, CancellationToken ct)
    {
        var declarations = new Dictionary<SyntaxNode, SyntaxNode>();
        var seen = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        foreach (var descendant in operation.Body.Descendants())
        {
            switch (descendant)
            {
                case ILocalReferenceOperation { Local: { IsConst: false } local } when !DeclaredWithin(local, operation.Symbol):
                    if (!seen.Add(local)) continue;
                    if (ConstDeclaration(local, model, ct) is not { } pair) return null;
                    declarations[pair.Old] = pair.New;
                    break;
                case IParameterReferenceOperation { Parameter: var parameter } when !DeclaredWithin(parameter, operation.Symbol):
                case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance }:
                case IInvocationOperation { TargetMethod: { MethodKind: MethodKind.LocalFunction, IsStatic: false } }:
                    return null;
            }
        }

        var nodes = declarations.Keys.Concat(new SyntaxNode[] { lambda });
        return root.ReplaceNodes(nodes, (original, rewritten) =>
            original == lambda ? SyntaxEdits.AddStatic((AnonymousFunctionExpressionSyntax)rewritten) : declarations[original]);
    }

    private static bool DeclaredWithin(ISymbol symbol, IMethodSymbol lambda)
    {
        for (var s = symbol.ContainingSymbol; s is not null; s = s.ContainingSymbol)
        {
            if (SymbolEqualityComparer.Default.Equals(s, lambda)) return true;
            if (s is not IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LambdaMethod or MethodKind.LocalFunction }) return false;
        }
        return false;
    }

    /// <summary>For <c>var x = 10;</c>, the pair (declaration statement, <c>const int x = 10;</c>), when that is valid.</summary>
    private static (SyntaxNode Old, SyntaxNode New)? ConstDeclaration(ILocalSymbol local, SemanticModel model, CancellationToken ct)
    {
        if (local.DeclaringSyntaxReferences.Length != 1 || !CanBeConst(local.Type)) return null;
        if (local.DeclaringSyntaxReferences[0].GetSyntax(ct) is not VariableDeclaratorSyntax { Initializer.Value: { } value } declarator) return null;
        if (declarator.Parent is not VariableDeclarationSyntax { Variables.Count: 1 } declaration ||
            declaration.Parent is not LocalDeclarationStatementSyntax statement ||
            statement.UsingKeyword != default || statement.Modifiers.Count > 0)
            return null;
        if (!model.GetConstantValue(value, ct).HasValue) return null;
        var body = (SyntaxNode?)statement.FirstAncestorOrSelf<MemberDeclarationSyntax>() ?? statement.SyntaxTree.GetRoot(ct);
        foreach (var node in body.DescendantNodes())
        {
            if (IsWrite(node, local, model, ct)) return null;
        }

        var type = declaration.Type;
        if (type.IsVar)
        {
            type = SyntaxFactory.ParseTypeName(local.Type.ToMinimalDisplayString(model, statement.SpanStart)).WithTriviaFrom(type);
        }
        var newStatement = statement
            .WithDeclaration(declaration.WithType(type.WithLeadingTrivia()))
            .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.ConstKeyword).WithTrailingTrivia(SyntaxFactory.Space)))
            .WithLeadingTrivia(statement.GetLeadingTrivia());
        return (statement, newStatement);
    }

    private static bool CanBeConst(ITypeSymbol type) =>
        type.TypeKind == TypeKind.Enum || type.SpecialType is SpecialType.System_Boolean or SpecialType.System_Char or SpecialType.System_SByte or
            SpecialType.System_Byte or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32 or
            SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_Single or SpecialType.System_Double or
            SpecialType.System_Decimal or SpecialType.System_String;

    private static bool IsWrite(SyntaxNode node, ILocalSymbol local, SemanticModel model, CancellationToken ct)
    {
        ExpressionSyntax? target = node switch
        {
            AssignmentExpressionSyntax assignment => assignment.Left,
            PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } pre => pre.Operand,
            PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression } post => post.Operand,
            ArgumentSyntax { RefKindKeyword.RawKind: not (int)SyntaxKind.None } argument => argument.Expression,
            RefExpressionSyntax re => re.Expression,
            _ => null,
        };
        if (target is null) return false;
        foreach (var identifier in target.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
        {
            if (identifier.Identifier.ValueText == local.Name && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(identifier, ct).Symbol, local)) return true;
        }
        return false;
    }

    private static async Task<bool> CompilesAsWellAsync(Document before, Document after, CancellationToken ct)
    {
        var oldModel = await before.GetSemanticModelAsync(ct).ConfigureAwait(false);
        var newModel = await after.GetSemanticModelAsync(ct).ConfigureAwait(false);
        if (oldModel is null || newModel is null) return false;
        int Errors(SemanticModel m) => m.GetDiagnostics(cancellationToken: ct).Count(d => d.Severity == DiagnosticSeverity.Error);
        return Errors(newModel) <= Errors(oldModel);
    }
}
