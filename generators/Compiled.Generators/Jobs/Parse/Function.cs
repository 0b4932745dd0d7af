using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Compiled.Generators.Jobs.Parse;

/// <summary>A user function (lambda or method group) that can be moved into generated code: its parameter and body text.</summary>
/// <param name="Collector">A flat-map's second parameter, the collector it emits to.</param>
/// <param name="ParameterType">The lambda's parameter type as the body sees it (explicit types may name tuple elements differently).</param>
internal sealed record Function(string Parameter, string Body, bool IsExpression, bool WritesParameter = false, string? Collector = null, string? ParameterType = null)
{
    /// <summary>Reads <paramref name="expression"/>; returns null with a reason when the function captures state or cannot be moved.</summary>
    /// <param name="withCollector">A flat-map: the function takes the record and a collector.</param>
    public static Function? Read(ExpressionSyntax expression, SemanticModel semantic, INamedTypeSymbol job, CancellationToken cancellation, out string? reason, out bool capturesState,
        bool withCollector = false)
    {
        reason = null;
        capturesState = false;
        switch (expression)
        {
            case LambdaExpressionSyntax lambda:
                return ReadLambda(lambda, semantic, job, cancellation, withCollector, out reason, out capturesState);
            case IdentifierNameSyntax or MemberAccessExpressionSyntax when withCollector:
                reason = "a flat-map method takes an ICollector, which generated code would box per record; write it as a lambda that calls the collector's Collect";
                return null;
            case IdentifierNameSyntax or MemberAccessExpressionSyntax when semantic.GetSymbolInfo(expression, cancellation).Symbol is IMethodSymbol { IsStatic: true, MethodKind: MethodKind.Ordinary } method:
                if (method.DeclaredAccessibility == Accessibility.Private && !SymbolEqualityComparer.Default.Equals(method.ContainingType, job))
                {
                    reason = $"the method '{method.Name}' is not accessible from generated code";
                    return null;
                }
                return new Function("value", $"{method.ContainingType.ToDisplayString(JobParser.TypeFormat)}.{method.Name}(value)", IsExpression: true);
            default:
                reason = "only lambdas and static method groups are compiled";
                return null;
        }
    }

    private static Function? ReadLambda(LambdaExpressionSyntax lambda, SemanticModel semantic, INamedTypeSymbol job, CancellationToken cancellation, bool withCollector,
        out string? reason, out bool capturesState)
    {
        reason = null;
        capturesState = false;
        if (lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword))
        {
            reason = "async functions are not supported";
            return null;
        }
        var parameter = lambda switch
        {
            SimpleLambdaExpressionSyntax simple when !withCollector => simple.Parameter,
            ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters.Count: 1 } p when !withCollector => p.ParameterList.Parameters[0],
            ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters.Count: 2 } p when withCollector => p.ParameterList.Parameters[0],
            _ => null,
        };
        if (parameter is null)
        {
            reason = withCollector ? "the lambda must take a record and a collector" : "the lambda must take exactly one parameter";
            return null;
        }
        string? collector = withCollector ? ((ParenthesizedLambdaExpressionSyntax)lambda).ParameterList.Parameters[1].Identifier.Text : null;
        if (collector is not null && !OnlyCollects(lambda.Body, collector))
        {
            reason = $"the collector '{collector}' is used other than to call its Collect (generated code passes a struct, which would be boxed)";
            return null;
        }
        if (!lambda.Modifiers.Any(SyntaxKind.StaticKeyword) && Capture(lambda, semantic, job, cancellation) is { } captured)
        {
            reason = captured;
            capturesState = true;
            return null;
        }
        bool writes = IsWrittenIn(lambda.Body, parameter.Identifier.Text);
        string? type = parameter.Type is not null && semantic.GetSymbolInfo(lambda, cancellation).Symbol is IMethodSymbol { Parameters.Length: > 0 } symbol
            ? symbol.Parameters[0].Type.ToDisplayString(JobParser.TypeFormat)
            : null;
        return lambda.ExpressionBody is { } body
            ? new Function(parameter.Identifier.Text, body.ToString(), IsExpression: true, writes, collector, type)
            : new Function(parameter.Identifier.Text, lambda.Block!.ToString(), IsExpression: false, writes, collector, type);
    }

    /// <summary>Whether every use of <paramref name="collector"/> is a call of its Collect method.</summary>
    private static bool OnlyCollects(SyntaxNode body, string collector) =>
        body.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>()
            .Where(id => id.Identifier.Text == collector && !(id.Parent is MemberAccessExpressionSyntax m && m.Name == id))
            .All(id => id.Parent is MemberAccessExpressionSyntax { Name.Identifier.Text: "Collect", Parent: InvocationExpressionSyntax } access && access.Expression == id);

    /// <summary>
    /// Whether the parameter must be passed by value: the body assigns, increments or passes it by reference, or
    /// uses it inside a nested lambda, local function or query (C# forbids capturing 'in' parameters).
    /// </summary>
    private static bool IsWrittenIn(SyntaxNode body, string name)
    {
        bool captured = body.DescendantNodes()
            .Where(n => n is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or QueryExpressionSyntax)
            .Any(n => n.DescendantNodes().OfType<IdentifierNameSyntax>().Any(id => id.Identifier.Text == name));
        if (captured) return true;
        static bool Names(ExpressionSyntax e, string name) => e is IdentifierNameSyntax id && id.Identifier.Text == name
            || e is MemberAccessExpressionSyntax m && Names(m.Expression, name)
            || e is ElementAccessExpressionSyntax el && Names(el.Expression, name);
        return body.DescendantNodesAndSelf().Any(n => n switch
        {
            AssignmentExpressionSyntax a => Names(a.Left, name),
            PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } u => Names(u.Operand, name),
            PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression } u => Names(u.Operand, name),
            ArgumentSyntax { RefKindKeyword.RawKind: (int)SyntaxKind.RefKeyword or (int)SyntaxKind.OutKeyword } arg => Names(arg.Expression, name),
            _ => false,
        });
    }

    /// <summary>What the lambda captures from its surroundings, or null when it captures nothing.</summary>
    private static string? Capture(LambdaExpressionSyntax lambda, SemanticModel semantic, INamedTypeSymbol job, CancellationToken cancellation)
    {
        foreach (var node in lambda.Body.DescendantNodesAndSelf())
        {
            if (node is ThisExpressionSyntax or BaseExpressionSyntax) return "it uses 'this'";
            if (node is not IdentifierNameSyntax identifier) continue;
            var symbol = semantic.GetSymbolInfo(identifier, cancellation).Symbol;
            switch (symbol)
            {
                case ILocalSymbol or IParameterSymbol when !DeclaredInside(symbol, lambda):
                    return $"it captures '{symbol.Name}'";
                case IMethodSymbol { MethodKind: MethodKind.LocalFunction } local when !DeclaredInside(local, lambda):
                    return $"it calls the local function '{local.Name}'";
                case IFieldSymbol or IPropertySymbol or IMethodSymbol or IEventSymbol when !symbol.IsStatic && IsImplicitThis(identifier):
                    return $"it uses the instance member '{symbol.Name}'";
            }
        }
        return null;
    }

    private static bool DeclaredInside(ISymbol symbol, SyntaxNode lambda) =>
        symbol.DeclaringSyntaxReferences.Any(r => r.SyntaxTree == lambda.SyntaxTree && lambda.Span.Contains(r.Span));

    /// <summary>Whether an identifier names a member without a receiver (so through the implicit 'this').</summary>
    private static bool IsImplicitThis(IdentifierNameSyntax identifier) =>
        !(identifier.Parent is MemberAccessExpressionSyntax access && access.Name == identifier)
        && !(identifier.Parent is MemberBindingExpressionSyntax)
        && !(identifier.Parent is NameColonSyntax or NameEqualsSyntax)
        && !(identifier.Parent is AssignmentExpressionSyntax { Parent: InitializerExpressionSyntax } assignment && assignment.Left == identifier);
}
