using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace Compiled.Analyzers;

/// <summary>
/// Rules on the arguments of DataStream API calls: lambdas that capture (CMP0002) and unsuitable key types (CMP0011).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class OperatorLambdaAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.LambdaCaptures, Descriptors.BadKeyType);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (KnownTypes.TryCreate(start.Compilation) is not { } known) return;
            start.RegisterOperationAction(c => Analyze(c, known), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, KnownTypes known)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (!known.IsApiType(method.ContainingType) || method.Name == "Transform") return;

        if (method.Name == "KeyBy" && method.TypeArguments.Length == 1 && invocation.Arguments.Length > 0)
        {
            CheckKeyType(context, method.TypeArguments[0], invocation.Arguments[0]);
        }

        foreach (var argument in invocation.Arguments)
        {
            if (Unwrap(argument.Value) is IAnonymousFunctionOperation lambda) CheckCaptures(context, lambda);
        }
    }

    private static IOperation Unwrap(IOperation operation)
    {
        while (operation is IDelegateCreationOperation or IConversionOperation or IParenthesizedOperation)
        {
            operation = operation switch
            {
                IDelegateCreationOperation d => d.Target,
                IConversionOperation c => c.Operand,
                IParenthesizedOperation p => p.Operand,
                _ => operation,
            };
        }
        return operation;
    }

    private static void CheckCaptures(OperationAnalysisContext context, IAnonymousFunctionOperation lambda)
    {
        if (lambda.Syntax is AnonymousFunctionExpressionSyntax syntax && syntax.Modifiers.Any(SyntaxKind.StaticKeyword)) return;
        var captures = Captures(lambda);
        if (captures.Count == 0) return;
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.LambdaCaptures, HeadLocation(lambda.Syntax), string.Join(", ", captures)));
    }

    /// <summary>What <paramref name="lambda"/> captures, described for a message ("local 'x'", "'this'").</summary>
    internal static List<string> Captures(IAnonymousFunctionOperation lambda)
    {
        var found = new List<string>();
        var self = lambda.Symbol;
        foreach (var operation in lambda.Body.Descendants())
        {
            string? capture = operation switch
            {
                ILocalReferenceOperation { Local: { IsConst: false } local } when !DeclaredWithin(local, self) => $"local '{local.Name}'",
                IParameterReferenceOperation { Parameter: var parameter } when !DeclaredWithin(parameter, self) => $"parameter '{parameter.Name}'",
                IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } => "'this'",
                IInvocationOperation { TargetMethod: { MethodKind: MethodKind.LocalFunction, IsStatic: false } local } when !DeclaredWithin(local, self) =>
                    $"local function '{local.Name}'",
                _ => null,
            };
            if (capture is not null && !found.Contains(capture) && !InNameOf(operation, lambda)) found.Add(capture);
        }
        return found;
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

    private static bool InNameOf(IOperation operation, IOperation root)
    {
        for (var p = operation.Parent; p is not null && p != root; p = p.Parent)
        {
            if (p is INameOfOperation) return true;
        }
        return false;
    }

    /// <summary>The head of a lambda, from its start to the arrow (<c>(a, b) =&gt;</c>), so the squiggle stays short.</summary>
    internal static Location HeadLocation(SyntaxNode syntax)
    {
        int end = syntax switch
        {
            LambdaExpressionSyntax lambda => lambda.ArrowToken.Span.End,
            AnonymousMethodExpressionSyntax method => method.ParameterList?.Span.End ?? method.DelegateKeyword.Span.End,
            _ => syntax.Span.End,
        };
        return Location.Create(syntax.SyntaxTree, TextSpan.FromBounds(syntax.SpanStart, end));
    }

    private static void CheckKeyType(OperationAnalysisContext context, ITypeSymbol key, IArgumentOperation selector)
    {
        if (Problem(key, 0) is not { } problem) return;
        var location = Unwrap(selector.Value) is IAnonymousFunctionOperation lambda ? HeadLocation(lambda.Syntax) : selector.Syntax.GetLocation();
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.BadKeyType, location, key.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat), problem));
    }

    /// <summary>Why <paramref name="key"/> is a bad key type, or null.</summary>
    private static string? Problem(ITypeSymbol key, int depth)
    {
        if (depth > 4) return null;
        if (key.SpecialType is SpecialType.System_Single or SpecialType.System_Double ||
            key is INamedTypeSymbol { Name: "Half", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } })
            return "is floating-point: NaN is not equal to itself and -0.0 equals 0.0 with different bits, so equal keys can land in different partitions; use an integer or a string";
        if (key.SpecialType == SpecialType.System_String) return null;
        if (key is INamedTypeSymbol { IsTupleType: true } tuple)
        {
            foreach (var element in tuple.TupleElements)
            {
                if (Problem(element.Type, depth + 1) is { } p) return $"has element '{element.Name}' that {p}";
            }
            return null;
        }
        if (key is IArrayTypeSymbol) return "is an array: arrays are mutable and compare by reference; use an immutable key";
        if (key.TypeKind != TypeKind.Class || key.SpecialType != SpecialType.None) return null;
        if (MutableMember(key) is { } member)
            return $"is a mutable reference type ('{member}' can change after the record is partitioned, moving it to another key); use an immutable key such as a record with init-only members";
        return null;
    }

    private static string? MutableMember(ITypeSymbol type)
    {
        for (var t = type; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
        {
            foreach (var member in t.GetMembers())
            {
                switch (member)
                {
                    case IFieldSymbol { IsStatic: false, IsReadOnly: false, IsConst: false } field:
                        return field.AssociatedSymbol?.Name ?? field.Name;
                    case IPropertySymbol { IsStatic: false, SetMethod: { IsInitOnly: false } } property:
                        return property.Name;
                }
            }
        }
        return null;
    }
}
