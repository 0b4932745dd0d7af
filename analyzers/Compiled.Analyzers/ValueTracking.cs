using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Compiled.Analyzers;

/// <summary>
/// Follows a value to where it was defined, within one syntax tree: a local to its initializer when the local is
/// never written again in its member, a static readonly field to its initializer. Anything else is unknown (null),
/// which callers treat as "could be anything": the rules using it never report on unknown values.
/// </summary>
internal static class ValueTracking
{
    public static IOperation Unwrap(IOperation operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation { OperatorMethod: null } c: // built-in conversions: numeric, reference, nullable
                    operation = c.Operand;
                    break;
                case IParenthesizedOperation p:
                    operation = p.Operand;
                    break;
                default:
                    return operation;
            }
        }
    }

    /// <summary>The definition of <paramref name="operation"/> when it is a single-assignment local or a static readonly field, else itself.</summary>
    public static IOperation? Resolve(IOperation operation)
    {
        operation = Unwrap(operation);
        return operation switch
        {
            ILocalReferenceOperation local => InitializerOfLocal(local),
            IFieldReferenceOperation { Field: { IsStatic: true, IsReadOnly: true } field } reference => InitializerOfField(field, reference),
            _ => operation,
        };
    }

    private static IOperation? InitializerOfLocal(ILocalReferenceOperation reference)
    {
        var local = reference.Local;
        if (local.IsRef || local.DeclaringSyntaxReferences.Length != 1 || reference.SemanticModel is not { } model) return null;
        if (local.DeclaringSyntaxReferences[0].GetSyntax() is not VariableDeclaratorSyntax { Initializer.Value: { } value } declarator) return null;
        if (declarator.SyntaxTree != model.SyntaxTree) return null;
        SyntaxNode scope = (SyntaxNode?)declarator.FirstAncestorOrSelf<MemberDeclarationSyntax>() ?? declarator.SyntaxTree.GetRoot();
        if (IsWritten(scope, local.Name)) return null;
        return model.GetOperation(value) is { } initializer ? Unwrap(initializer) : null;
    }

    private static IOperation? InitializerOfField(IFieldSymbol field, IOperation reference)
    {
        if (reference.SemanticModel is not { } model || field.DeclaringSyntaxReferences.Length != 1) return null;
        if (field.DeclaringSyntaxReferences[0].GetSyntax() is not VariableDeclaratorSyntax { Initializer.Value: { } value } declarator) return null;
        if (declarator.SyntaxTree != model.SyntaxTree) return null;
        foreach (var constructor in field.ContainingType.StaticConstructors)
        {
            if (!constructor.IsImplicitlyDeclared) return null; // a static constructor may assign it again
        }
        return model.GetOperation(value) is { } initializer ? Unwrap(initializer) : null;
    }

    /// <summary>Conservative: whether anything in <paramref name="scope"/> might write a variable named <paramref name="name"/>.</summary>
    private static bool IsWritten(SyntaxNode scope, string name)
    {
        foreach (var node in scope.DescendantNodes())
        {
            switch (node)
            {
                case AssignmentExpressionSyntax assignment when Mentions(assignment.Left, name):
                case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } pre when Mentions(pre.Operand, name):
                case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression } post when Mentions(post.Operand, name):
                case ArgumentSyntax { RefKindKeyword.RawKind: not (int)SyntaxKind.None } argument when Mentions(argument.Expression, name):
                case RefExpressionSyntax re when Mentions(re.Expression, name):
                    return true;
            }
        }
        return false;
    }

    private static bool Mentions(SyntaxNode node, string name)
    {
        foreach (var token in node.DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == name) return true;
        }
        return false;
    }
}
