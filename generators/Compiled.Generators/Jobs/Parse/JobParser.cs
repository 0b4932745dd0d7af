using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Compiled.Generators.Common;
using Compiled.Generators.Jobs.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Compiled.Generators.Jobs.Parse;

/// <summary>
/// Reads a <c>[StreamJob]</c> class into a <see cref="JobModel"/>: its compilable map/filter/flat-map chains, key selectors, window aggregates,
/// reduces and process functions.
/// </summary>
internal static class JobParser
{
    private const string DataStreamType = "Compiled.Api.DataStream<T>";
    private const string KeyedStreamType = "Compiled.Api.KeyedStream<T, TKey>";
    private const string WindowedStreamType = "Compiled.Api.WindowedStream<T, TKey, TWindow>";

    internal static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat.WithMiscellaneousOptions(
        SymbolDisplayFormat.FullyQualifiedFormat.MiscellaneousOptions | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    public static JobModel Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellation)
    {
        var type = (INamedTypeSymbol)context.TargetSymbol;
        var declaration = (TypeDeclarationSyntax)context.TargetNode;
        var semantic = context.SemanticModel;
        string hintName = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Replace("global::", "").Replace('<', '_').Replace('>', '_');
        string? ns = type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString();

        var containing = new List<string>();
        bool allPartial = IsPartial(declaration);
        for (var parent = declaration.Parent as TypeDeclarationSyntax; parent is not null; parent = parent.Parent as TypeDeclarationSyntax)
        {
            allPartial &= IsPartial(parent);
            containing.Insert(0, PartialDeclarations.Header(parent));
        }

        var notCompiled = new List<NotCompiledModel>();
        var chains = new List<ChainModel>();
        var keyBys = new List<KeyByModel>();
        var aggregates = new List<WindowAggregateModel>();
        var reduces = new List<ReduceModel>();
        var processes = new List<ProcessModel>();
        if (!allPartial || type.IsGenericType || type.ContainingType?.IsGenericType == true)
        {
            var location = LocationInfo.From(declaration.Identifier.GetLocation());
            return new JobModel(hintName, ns, new(containing), PartialDeclarations.Header(declaration), Usings(declaration), EquatableArray<ChainModel>.Empty,
                EquatableArray<KeyByModel>.Empty, EquatableArray<WindowAggregateModel>.Empty, EquatableArray<ReduceModel>.Empty, EquatableArray<ProcessModel>.Empty,
                EquatableArray<NotCompiledModel>.Empty, allPartial ? null : location);
        }

        var steps = new Dictionary<InvocationExpressionSyntax, StepModel>();
        foreach (var invocation in declaration.DescendantNodes(n => n is not TypeDeclarationSyntax || n == declaration).OfType<InvocationExpressionSyntax>())
        {
            cancellation.ThrowIfCancellationRequested();
            // Syntactic filter first: binding every call of the class would cost more than the rest of the parse.
            if (invocation.Expression is not MemberAccessExpressionSyntax { Name.Identifier.Text: "Map" or "Filter" or "FlatMap" or "KeyBy" or "Aggregate" or "Reduce" or "Process" }) continue;
            if (semantic.GetSymbolInfo(invocation, cancellation).Symbol is not IMethodSymbol method) continue;
            if (method.Name == "Aggregate")
            {
                if (method.ContainingType.OriginalDefinition.ToDisplayString() == WindowedStreamType
                    && WindowAggregate(invocation, method, semantic, type, aggregates.Count, cancellation) is { } aggregate)
                    aggregates.Add(aggregate);
                continue;
            }
            if (method.Name == "Process")
            {
                if (ProcessParser.Read(invocation, method, semantic, type, processes.Count, cancellation, out var skipped) is { } process) processes.Add(process);
                else if (skipped is not null) notCompiled.Add(skipped);
                continue;
            }
            if (method.Name == "KeyBy")
            {
                if (KeyByParser.Read(invocation, method, semantic, type, keyBys.Count, notCompiled, cancellation) is { } keyBy) keyBys.Add(keyBy);
                continue;
            }
            string receiver = method.ContainingType.OriginalDefinition.ToDisplayString();
            if (method.Name == "Reduce")
            {
                if (receiver is KeyedStreamType or WindowedStreamType && IsDelegateOverload(method))
                    Reduce(invocation, method, semantic, type, reduces, notCompiled, cancellation);
                continue;
            }
            if (receiver != DataStreamType) continue;
            string? operation = method.Name switch
            {
                "Map" when IsDelegateOverload(method) => "Map",
                "Filter" when IsDelegateOverload(method) => "Filter",
                "FlatMap" when IsDelegateOverload(method) => "FlatMap",
                _ => null,
            };
            if (operation is null || Argument(invocation, method, 0) is not { } argument) continue;

            var function = Function.Read(argument.Expression, semantic, type, cancellation, out string? reason, out bool captures,
                operation == "FlatMap" ? FunctionShape.RecordAndCollector : FunctionShape.Record);
            var interception = reason is null ? Interception(invocation, semantic, cancellation, out reason) : null;
            if (function is null || interception is null)
            {
                notCompiled.Add(new NotCompiledModel(LocationInfo.From(argument.GetLocation())!, operation, reason ?? "unsupported function", captures));
                continue;
            }

            string input = method.ContainingType.TypeArguments[0].ToDisplayString(TypeFormat);
            string output = operation == "Filter" ? input : method.TypeArguments[0].ToDisplayString(TypeFormat);
            var kind = operation switch { "Map" => StepKind.Map, "Filter" => StepKind.Filter, _ => StepKind.FlatMap };
            steps.Add(invocation, new StepModel(kind, interception, input, output,
                function.Parameter, function.Body, function.IsExpression, function.WritesParameter, function.Second, function.ParameterType));
        }

        foreach (var head in steps.Keys.Where(s => Receiver(s) is not { } receiver || !steps.ContainsKey(receiver)).OrderBy(s => s.SpanStart))
        {
            var chain = new List<StepModel>();
            for (var current = head; current is not null; current = Next(current, steps))
                chain.Add(steps[current]);
            chains.Add(new ChainModel(chains.Count, chain[0].InputType, chain[chain.Count - 1].OutputType, new(chain)));
        }

        return new JobModel(hintName, ns, new(containing), PartialDeclarations.Header(declaration), Usings(declaration), new(chains), new(keyBys),
            new(aggregates), new(reduces), new(processes), new(notCompiled), null);
    }

    /// <summary>
    /// A keyed or window <c>Reduce</c> over the delegate overload: a compilable lambda or method group becomes a
    /// <see cref="ReduceModel"/>, anything else a <see cref="NotCompiledModel"/> (the call then runs as written).
    /// </summary>
    private static void Reduce(InvocationExpressionSyntax invocation, IMethodSymbol method, SemanticModel semantic, INamedTypeSymbol job,
        List<ReduceModel> reduces, List<NotCompiledModel> notCompiled, CancellationToken cancellation)
    {
        if (Argument(invocation, method, 0) is not { } argument) return;
        var function = Function.Read(argument.Expression, semantic, job, cancellation, out string? reason, out bool captures, FunctionShape.TwoRecords);
        var interception = reason is null ? Interception(invocation, semantic, cancellation, out reason) : null;
        if (function is null || interception is null)
        {
            notCompiled.Add(new NotCompiledModel(LocationInfo.From(argument.GetLocation())!, "Reduce", reason ?? "unsupported function", captures));
            return;
        }
        var stream = method.ContainingType.TypeArguments;
        string Name(ITypeSymbol t) => t.ToDisplayString(TypeFormat);
        reduces.Add(new ReduceModel(reduces.Count, interception, Name(stream[0]), Name(stream[1]), stream.Length == 3 ? Name(stream[2]) : null,
            method.TypeArguments.Length == 1 ? Name(method.TypeArguments[0]) : null, function.Parameter, function.Second!, function.Body, function.IsExpression,
            function.WritesParameter, function.ParameterType, function.SecondType));
    }

    /// <summary>
    /// A window <c>Aggregate</c> over the interface overload whose argument has a concrete type implementing the
    /// interface with public methods, accessible from the job; otherwise null (the call then runs as written: the
    /// aggregate is still called, through the interface).
    /// </summary>
    private static WindowAggregateModel? WindowAggregate(InvocationExpressionSyntax invocation, IMethodSymbol method, SemanticModel semantic, INamedTypeSymbol job,
        int index, CancellationToken cancellation)
    {
        if (method.Parameters.Length is not (2 or 3) || method.Parameters[0].Type is not INamedTypeSymbol { TypeKind: TypeKind.Interface } contract) return null;
        if (invocation.ArgumentList.Arguments.Count < 1) return null;
        var argument = semantic.GetTypeInfo(invocation.ArgumentList.Arguments[0].Expression, cancellation).Type as INamedTypeSymbol;
        if (argument is null || argument.TypeKind is not (TypeKind.Class or TypeKind.Struct) || argument.IsAbstract) return null;
        if (!semantic.Compilation.IsSymbolAccessibleWithin(argument, job)) return null;
        foreach (var member in contract.GetMembers().OfType<IMethodSymbol>())
        {
            if (argument.FindImplementationForInterfaceMember(member) is not IMethodSymbol { MethodKind: MethodKind.Ordinary, DeclaredAccessibility: Accessibility.Public })
                return null;
        }
        if (Interception(invocation, semantic, cancellation, out _) is not { } interception) return null;
        var stream = method.ContainingType.TypeArguments;
        var types = method.TypeArguments;
        string Name(ITypeSymbol t) => t.ToDisplayString(TypeFormat);
        return new WindowAggregateModel(index, interception, Name(stream[0]), Name(stream[1]), Name(stream[2]), Name(types[0]),
            Name(types[1]), types.Length == 3 ? Name(types[2]) : null, Name(argument));
    }

    /// <summary>Whether <paramref name="type"/> names a type parameter (generated code beside the job could not name it).</summary>
    internal static bool HasTypeParameter(ITypeSymbol type) => type switch
    {
        ITypeParameterSymbol => true,
        IArrayTypeSymbol array => HasTypeParameter(array.ElementType),
        INamedTypeSymbol named => named.TypeArguments.Any(HasTypeParameter) || named.ContainingType is { } outer && HasTypeParameter(outer),
        _ => false,
    };

    private static bool IsPartial(TypeDeclarationSyntax declaration) => declaration.Modifiers.Any(SyntaxKind.PartialKeyword);

    /// <summary>The delegate-taking overload (not the generated-code overloads that take function structs).</summary>
    internal static bool IsDelegateOverload(IMethodSymbol method) =>
        method.OriginalDefinition.Parameters.Length > 0 && method.OriginalDefinition.Parameters[0].Type.TypeKind == TypeKind.Delegate;

    /// <summary>The argument passed for the method's parameter <paramref name="ordinal"/>: named, or positional (C# keeps positional arguments in place).</summary>
    internal static ArgumentSyntax? Argument(InvocationExpressionSyntax invocation, IMethodSymbol method, int ordinal)
    {
        var arguments = invocation.ArgumentList.Arguments;
        string name = method.Parameters[ordinal].Name;
        return arguments.FirstOrDefault(a => a.NameColon?.Name.Identifier.Text == name)
            ?? (ordinal < arguments.Count && arguments[ordinal].NameColon is null ? arguments[ordinal] : null);
    }

    private static InvocationExpressionSyntax? Receiver(InvocationExpressionSyntax invocation) =>
        invocation.Expression is MemberAccessExpressionSyntax access ? Unparenthesize(access.Expression) as InvocationExpressionSyntax : null;

    private static ExpressionSyntax Unparenthesize(ExpressionSyntax expression) =>
        expression is ParenthesizedExpressionSyntax p ? Unparenthesize(p.Expression) : expression;

    private static InvocationExpressionSyntax? Next(InvocationExpressionSyntax current, Dictionary<InvocationExpressionSyntax, StepModel> steps)
    {
        SyntaxNode node = current;
        while (node.Parent is ParenthesizedExpressionSyntax) node = node.Parent;
        return node.Parent is MemberAccessExpressionSyntax access && access.Expression == node
            && access.Parent is InvocationExpressionSyntax next && steps.ContainsKey(next) ? next : null;
    }

#pragma warning disable RSEXPERIMENTAL002 // interceptable locations: the supported way to target interceptors
    internal static InterceptionModel? Interception(InvocationExpressionSyntax invocation, SemanticModel semantic, CancellationToken cancellation, out string? reason)
    {
        var location = semantic.GetInterceptableLocation(invocation, cancellation);
        reason = location is null ? "the call cannot be intercepted" : null;
        return location is null ? null : new InterceptionModel(location.Version, location.Data, FileAndLine(location.GetDisplayLocation()));
    }
#pragma warning restore RSEXPERIMENTAL002

    /// <summary>"Q2.cs(14,14)" from a full display location, so generated text does not depend on where the repository lives.</summary>
    private static string FileAndLine(string displayLocation)
    {
        int cut = displayLocation.LastIndexOfAny(['/', '\\']);
        return cut < 0 ? displayLocation : displayLocation.Substring(cut + 1);
    }

    private static EquatableArray<string> Usings(SyntaxNode node)
    {
        var usings = new List<string>();
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            var list = current switch
            {
                CompilationUnitSyntax unit => unit.Usings,
                BaseNamespaceDeclarationSyntax ns => ns.Usings,
                _ => default,
            };
            usings.InsertRange(0, list.Where(u => u.GlobalKeyword.IsKind(SyntaxKind.None)).Select(u => u.ToString().Trim()));
        }
        return new(usings);
    }
}
