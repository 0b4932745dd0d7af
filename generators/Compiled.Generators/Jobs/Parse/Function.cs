using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Compiled.Generators.Jobs.Parse;

/// <summary>A user function (lambda or method group) that can be moved into generated code: its parameters and body text.</summary>
/// <param name="WritesParameter">The body writes or captures a record parameter, which must then be passed by value.</param>
/// <param name="Second">The second parameter: a flat-map's collector, or a reduce's incoming record.</param>
/// <param name="ParameterType">The lambda's parameter type as the body sees it (explicit types may name tuple elements differently).</param>
/// <param name="SecondType">A reduce's second parameter type as the body sees it, when explicit.</param>
internal sealed record Function(string Parameter, string Body, bool IsExpression, bool WritesParameter = false, string? Second = null, string? ParameterType = null,
    string? SecondType = null)
{
    /// <summary>Reads <paramref name="expression"/>; returns null with a reason when the function captures state or cannot be moved.</summary>
    /// <param name="shape">The parameters the function takes.</param>
    public static Function? Read(ExpressionSyntax expression, SemanticModel semantic, INamedTypeSymbol job, CancellationToken cancellation, out string? reason, out bool capturesState,
        FunctionShape shape = FunctionShape.Record)
    {
        reason = null;
        capturesState = false;
        switch (expression)
        {
            case LambdaExpressionSyntax lambda:
                return ReadLambda(lambda, semantic, job, cancellation, shape, out reason, out capturesState);
            case IdentifierNameSyntax or MemberAccessExpressionSyntax when shape == FunctionShape.RecordAndCollector:
                reason = "a flat-map method takes an ICollector, which generated code would box per record; write it as a lambda that calls the collector's Collect";
                return null;
            case IdentifierNameSyntax or MemberAccessExpressionSyntax when semantic.GetSymbolInfo(expression, cancellation).Symbol is IMethodSymbol { IsStatic: true, MethodKind: MethodKind.Ordinary } method:
                if (method.DeclaredAccessibility == Accessibility.Private && !SymbolEqualityComparer.Default.Equals(method.ContainingType, job))
                {
                    reason = $"the method '{method.Name}' is not accessible from generated code";
                    return null;
                }
                string target = $"{method.ContainingType.ToDisplayString(JobParser.TypeFormat)}.{method.Name}";
                return shape == FunctionShape.TwoRecords
                    ? new Function("accumulated", $"{target}(accumulated, value)", IsExpression: true, Second: "value")
                    : new Function("value", $"{target}(value)", IsExpression: true);
            default:
                reason = "only lambdas and static method groups are compiled";
                return null;
        }
    }

    private static Function? ReadLambda(LambdaExpressionSyntax lambda, SemanticModel semantic, INamedTypeSymbol job, CancellationToken cancellation, FunctionShape shape,
        out string? reason, out bool capturesState)
    {
        reason = null;
        capturesState = false;
        if (lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword))
        {
            reason = "async functions are not supported";
            return null;
        }
        ParameterSyntax[] parameters = lambda switch
        {
            SimpleLambdaExpressionSyntax simple => [simple.Parameter],
            ParenthesizedLambdaExpressionSyntax p => p.ParameterList.Parameters.ToArray(),
            _ => [],
        };
        if (parameters.Length != (shape == FunctionShape.Record ? 1 : 2))
        {
            reason = shape switch
            {
                FunctionShape.RecordAndCollector => "the lambda must take a record and a collector",
                FunctionShape.TwoRecords => "the lambda must take exactly two parameters",
                _ => "the lambda must take exactly one parameter",
            };
            return null;
        }
        string first = parameters[0].Identifier.Text;
        string? second = parameters.Length == 2 ? parameters[1].Identifier.Text : null;
        if (shape == FunctionShape.RecordAndCollector && !OnlyCollects(lambda.Body, second!))
        {
            reason = $"the collector '{second}' is used other than to call its Collect (generated code passes a struct, which would be boxed)";
            return null;
        }
        if (!lambda.Modifiers.Any(SyntaxKind.StaticKeyword) && Capture(lambda, semantic, job, cancellation) is { } captured)
        {
            reason = captured;
            capturesState = true;
            return null;
        }
        // (_, _) discards both parameters: a method cannot name two parameters '_', and the body cannot read them.
        if (first == "_" && second == "_") (first, second) = ("__first", "__second");
        bool writes = IsWrittenIn(lambda.Body, first) || shape == FunctionShape.TwoRecords && IsWrittenIn(lambda.Body, second!);
        var symbol = semantic.GetSymbolInfo(lambda, cancellation).Symbol as IMethodSymbol;
        string? ExplicitType(int i) => parameters[i].Type is not null && symbol?.Parameters.Length > i
            ? symbol.Parameters[i].Type.ToDisplayString(JobParser.TypeFormat)
            : null;
        string? secondType = shape == FunctionShape.TwoRecords ? ExplicitType(1) : null;
        return lambda.ExpressionBody is { } body
            ? new Function(first, body.ToString(), IsExpression: true, writes, second, ExplicitType(0), secondType)
            : new Function(first, lambda.Block!.ToString(), IsExpression: false, writes, second, ExplicitType(0), secondType);
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

/// <summary>The parameters an operator's function takes.</summary>
internal enum FunctionShape
{
    /// <summary>One record (map, filter, key selector).</summary>
    Record,

    /// <summary>A record and a collector to emit to (flat-map).</summary>
    RecordAndCollector,

    /// <summary>The accumulated record and the incoming one (reduce).</summary>
    TwoRecords,
}
