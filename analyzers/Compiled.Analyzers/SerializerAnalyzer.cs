using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Compiled.Analyzers;

/// <summary>
/// CMP0004: a record type that crosses an exchange or enters a sink in a [StreamJob], or is kept in a [State] field,
/// has no serializer. Interpreted jobs (no [StreamJob]) pass records by reference inside one process and are not checked.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SerializerAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: present when the offending type is declared in source and can take [StreamRecord].</summary>
    public const string FixableProperty = "Fixable";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.MissingSerializer);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (KnownTypes.TryCreate(start.Compilation) is not { } known) return;
            start.RegisterOperationAction(c => AnalyzeInvocation(c, known), OperationKind.Invocation);
            if (known.StateAttribute is not null) start.RegisterSymbolAction(c => AnalyzeField(c, known), SymbolKind.Field);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, KnownTypes known)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        var owner = method.ContainingType;
        string? what;
        if (KnownTypes.Is(owner, known.DataStream))
        {
            what = method.Name switch
            {
                "KeyBy" => "crosses a key-partitioned exchange",
                "Rebalance" or "Broadcast" or "Global" or "WindowAll" => $"crosses an exchange ({method.Name})",
                "SinkTo" or "Print" => "enters a sink",
                _ => null,
            };
        }
        else if (KnownTypes.Is(owner, known.ConnectedStreams) && method.Name == "KeyBy")
        {
            what = "crosses a key-partitioned exchange";
        }
        else
        {
            return;
        }
        if (what is null || !InStreamJob(context.ContainingSymbol, known)) return;

        var location = OperatorScope.NameLocation(invocation.Syntax);
        var reported = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
        foreach (var element in owner.TypeArguments)
        {
            if (FindUnserializable(element, known, 0) is { } type && reported.Add(type)) Report(context.ReportDiagnostic, location, type, what);
        }
    }

    private static void AnalyzeField(SymbolAnalysisContext context, KnownTypes known)
    {
        var field = (IFieldSymbol)context.Symbol;
        if (field.Type is not INamedTypeSymbol stateType || !known.StateTypes.Contains(stateType.OriginalDefinition)) return;
        if (!KnownTypes.HasAttribute(field, known.StateAttribute)) return;
        // AggregatingState<TIn, TOut> stores an accumulator that its type does not name: nothing to check.
        if (stateType.OriginalDefinition.Name == "AggregatingState") return;
        var reported = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
        foreach (var element in stateType.TypeArguments)
        {
            if (FindUnserializable(element, known, 0) is { } type && reported.Add(type)) Report(context.ReportDiagnostic, field.Locations[0], type, "is kept in state");
        }
    }

    private static void Report(System.Action<Diagnostic> report, Location location, ITypeSymbol type, string what)
    {
        var additional = new List<Location>();
        var properties = ImmutableDictionary<string, string?>.Empty;
        if (type is INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct } named &&
            named.DeclaringSyntaxReferences.Length > 0 &&
            named.DeclaringSyntaxReferences[0].GetSyntax() is TypeDeclarationSyntax declaration)
        {
            additional.Add(declaration.Identifier.GetLocation());
            properties = properties.Add(FixableProperty, "true");
        }
        report(Diagnostic.Create(Descriptors.MissingSerializer, location, additional, properties,
            type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat), what));
    }

    private static bool InStreamJob(ISymbol symbol, KnownTypes known)
    {
        for (var type = symbol.ContainingType; type is not null; type = type.ContainingType)
        {
            if (KnownTypes.HasAttribute(type, known.StreamJobAttribute)) return true;
        }
        return false;
    }

    /// <summary>The type (possibly nested in an array, tuple or collection) that has no serializer, or null when all have one.</summary>
    internal static ITypeSymbol? FindUnserializable(ITypeSymbol type, KnownTypes known, int depth)
    {
        if (depth > 8) return null;
        switch (type)
        {
            case ITypeParameterSymbol or IErrorTypeSymbol:
                return null;
            case IArrayTypeSymbol array:
                return FindUnserializable(array.ElementType, known, depth + 1);
        }
        if (type is not INamedTypeSymbol named) return type;
        if (named.TypeKind == TypeKind.Enum) return null;
        switch (named.SpecialType)
        {
            case SpecialType.System_Boolean or SpecialType.System_Char or SpecialType.System_SByte or SpecialType.System_Byte or
                SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32 or
                SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_Single or SpecialType.System_Double or
                SpecialType.System_Decimal or SpecialType.System_String or SpecialType.System_DateTime:
                return null;
            case SpecialType.System_Nullable_T:
                return FindUnserializable(named.TypeArguments[0], known, depth + 1);
        }
        if (named.IsTupleType)
        {
            foreach (var element in named.TupleElements)
            {
                if (FindUnserializable(element.Type, known, depth + 1) is { } bad) return bad;
            }
            return null;
        }
        if (KnownTypes.HasAttribute(named, known.StreamRecordAttribute)) return null;
        // The runtime's own record types (Nexmark events, windows, ...) come with their serializers.
        if (SymbolEqualityComparer.Default.Equals(named.ContainingAssembly, known.RuntimeAssembly)) return null;
        string? ns = named.ContainingNamespace?.ToDisplayString();
        if (ns == "System" && named.Name is "DateTimeOffset" or "TimeSpan" or "Guid" or "DateOnly" or "TimeOnly" or "Half" or "Int128" or "UInt128")
            return null;
        if (ns is "System.Collections.Generic" or "System.Collections.Immutable" && named.TypeKind != TypeKind.Interface && named.IsGenericType)
        {
            foreach (var argument in named.TypeArguments)
            {
                if (FindUnserializable(argument, known, depth + 1) is { } bad) return bad;
            }
            return null;
        }
        return named;
    }
}
