using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Compiled.Analyzers;

/// <summary>Where a piece of code runs: inside an operator (a lambda given to the API, or a function type) or not.</summary>
internal enum ScopeKind
{
    /// <summary>Job definition or unrelated code.</summary>
    None,

    /// <summary>A lambda (or code nested in one) passed to a DataStream API method.</summary>
    OperatorLambda,

    /// <summary>A member of a function type (process/window function, trigger, map/filter/... implementation).</summary>
    FunctionMember,
}

/// <summary>The operator scope of an operation.</summary>
internal readonly struct OperatorScope
{
    public OperatorScope(ScopeKind kind, IInvocationOperation? apiCall, IArgumentOperation? argument, INamedTypeSymbol? functionType, ISymbol? member)
    {
        Kind = kind;
        ApiCall = apiCall;
        Argument = argument;
        FunctionType = functionType;
        Member = member;
    }

    public ScopeKind Kind { get; }

    /// <summary>For <see cref="ScopeKind.OperatorLambda"/>: the API call receiving the lambda.</summary>
    public IInvocationOperation? ApiCall { get; }

    /// <summary>For <see cref="ScopeKind.OperatorLambda"/>: the argument holding the lambda.</summary>
    public IArgumentOperation? Argument { get; }

    /// <summary>For <see cref="ScopeKind.FunctionMember"/>: the function type.</summary>
    public INamedTypeSymbol? FunctionType { get; }

    /// <summary>For <see cref="ScopeKind.FunctionMember"/>: the member whose body contains the operation.</summary>
    public ISymbol? Member { get; }

    /// <summary>
    /// Finds the scope of <paramref name="operation"/>, analysed as part of the body of <paramref name="containingSymbol"/>.
    /// Only walks parents, so it is cheap enough to call for the (rare) operations that are worth reporting.
    /// </summary>
    public static OperatorScope Of(IOperation operation, ISymbol containingSymbol, KnownTypes known)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation lambda && TryGetApiArgument(lambda, known, out var call, out var argument))
            {
                return new OperatorScope(ScopeKind.OperatorLambda, call, argument, null, null);
            }
        }

        if (containingSymbol is IMethodSymbol { MethodKind: not (MethodKind.Constructor or MethodKind.StaticConstructor) } method &&
            known.IsFunctionType(method.ContainingType))
        {
            return new OperatorScope(ScopeKind.FunctionMember, null, null, method.ContainingType, method);
        }

        if (containingSymbol is IPropertySymbol or IEventSymbol && containingSymbol.ContainingType is { } type && known.IsFunctionType(type))
        {
            return new OperatorScope(ScopeKind.FunctionMember, null, null, type, containingSymbol);
        }

        return default;
    }

    /// <summary>Whether <paramref name="lambda"/> is an argument of a DataStream API method (except the low-level Transform hook).</summary>
    public static bool TryGetApiArgument(IAnonymousFunctionOperation lambda, KnownTypes known, out IInvocationOperation call, out IArgumentOperation argument)
    {
        var parent = lambda.Parent;
        while (parent is IDelegateCreationOperation or IConversionOperation or IParenthesizedOperation) parent = parent.Parent;
        if (parent is IArgumentOperation { Parent: IInvocationOperation invocation } arg &&
            known.IsApiType(invocation.TargetMethod.ContainingType) &&
            invocation.TargetMethod.Name != "Transform")
        {
            call = invocation;
            argument = arg;
            return true;
        }
        call = null!;
        argument = null!;
        return false;
    }

    /// <summary>Whether this scope computes a key: a KeyBy key selector, a key serializer or a key selector type.</summary>
    public bool IsKeyComputation(KnownTypes known) => Kind switch
    {
        ScopeKind.OperatorLambda => ApiCall!.TargetMethod.Name == "KeyBy",
        ScopeKind.FunctionMember => KnownTypes.DerivesFrom(FunctionType, known.KeySerializer) || ImplementsKeySelector(FunctionType!, known),
        _ => false,
    };

    private static bool ImplementsKeySelector(INamedTypeSymbol type, KnownTypes known)
    {
        foreach (var i in type.AllInterfaces)
        {
            if (KnownTypes.Is(i, known.KeySelectorInterface)) return true;
        }
        return false;
    }

    /// <summary>The location of the name of a member access or invocation (<c>Sleep</c> in <c>Thread.Sleep(1)</c>), else of the whole syntax.</summary>
    public static Location NameLocation(SyntaxNode syntax)
    {
        var node = syntax is InvocationExpressionSyntax invocation ? invocation.Expression : syntax;
        return node switch
        {
            MemberAccessExpressionSyntax member => member.Name.GetLocation(),
            MemberBindingExpressionSyntax binding => binding.Name.GetLocation(),
            _ => node.GetLocation(),
        };
    }
}
