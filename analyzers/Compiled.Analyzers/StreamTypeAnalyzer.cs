using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Compiled.Analyzers;

/// <summary>
/// Rules on annotated types: [StreamRecord]/[StreamJob] types must be partial (CMP0001), and the members of a
/// [StreamRecord] must have serializable types (CMP0005).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class StreamTypeAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.TypeMustBePartial, Descriptors.UnserializableMember);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (KnownTypes.TryCreate(start.Compilation) is not { } known) return;
            start.RegisterSymbolAction(c => Analyze(c, known), SymbolKind.NamedType);
        });
    }

    private static void Analyze(SymbolAnalysisContext context, KnownTypes known)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        bool isRecord = KnownTypes.HasAttribute(type, known.StreamRecordAttribute);
        bool isJob = !isRecord && KnownTypes.HasAttribute(type, known.StreamJobAttribute);
        if (!isRecord && !isJob) return;

        CheckPartial(context, type, isRecord ? "StreamRecord" : "StreamJob");
        if (isRecord) CheckMembers(context, type);
    }

    private static void CheckPartial(SymbolAnalysisContext context, INamedTypeSymbol type, string attribute)
    {
        INamedTypeSymbol? offender = null;
        for (var t = type; t is not null; t = t.ContainingType)
        {
            if (!IsPartial(t))
            {
                offender = t;
                break;
            }
        }
        if (offender is null || type.DeclaringSyntaxReferences.Length == 0) return;
        if (type.DeclaringSyntaxReferences[0].GetSyntax(context.CancellationToken) is not BaseTypeDeclarationSyntax declaration) return;
        string who = SymbolEqualityComparer.Default.Equals(offender, type) ? "it is" : $"its containing type '{offender.Name}' is";
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.TypeMustBePartial, declaration.Identifier.GetLocation(), type.Name, attribute, who));
    }

    private static bool IsPartial(INamedTypeSymbol type)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is TypeDeclarationSyntax declaration && declaration.Modifiers.Any(SyntaxKind.PartialKeyword)) return true;
        }
        return type.DeclaringSyntaxReferences.Length == 0; // metadata: nothing to fix
    }

    private static void CheckMembers(SymbolAnalysisContext context, INamedTypeSymbol type)
    {
        foreach (var member in type.GetMembers())
        {
            if (member is not IFieldSymbol { IsStatic: false, IsConst: false } field) continue;
            ISymbol reported = field.IsImplicitlyDeclared && field.AssociatedSymbol is IPropertySymbol property ? property : field;
            if (reported.IsImplicitlyDeclared || reported.Locations.Length == 0 || !reported.Locations[0].IsInSource) continue;
            if (Unserializable(field.Type, 0) is not { } reason) continue;
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.UnserializableMember, reported.Locations[0],
                reported.Name, type.Name, field.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat), reason));
        }
    }

    /// <summary>Why <paramref name="type"/> cannot be serialized, or null when it can (or cannot be known here).</summary>
    internal static string? Unserializable(ITypeSymbol type, int depth)
    {
        if (depth > 8) return null;
        switch (type)
        {
            case IDynamicTypeSymbol:
                return "dynamic has no fixed shape";
            case IPointerTypeSymbol or IFunctionPointerTypeSymbol:
                return "pointers are addresses in one process";
            case IArrayTypeSymbol array:
                return Unserializable(array.ElementType, depth + 1);
            case ITypeParameterSymbol:
                return null;
        }
        if (type.SpecialType == SpecialType.System_Object) return "object has no fixed shape";
        if (type.IsRefLikeType) return "ref structs such as Span cannot be stored";
        if (type is not INamedTypeSymbol named) return null;
        switch (named.TypeKind)
        {
            case TypeKind.Interface:
                return "an interface does not say which implementation to create";
            case TypeKind.Delegate:
                return "delegates are code, not data";
        }
        if (named.IsTupleType)
        {
            foreach (var element in named.TupleElements)
            {
                if (Unserializable(element.Type, depth + 1) is { } reason) return reason;
            }
            return null;
        }
        if (named.IsGenericType && IsContainer(named))
        {
            foreach (var argument in named.TypeArguments)
            {
                if (Unserializable(argument, depth + 1) is { } reason) return reason;
            }
        }
        return null;
    }

    private static bool IsContainer(INamedTypeSymbol type)
    {
        if (type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T) return true;
        string? ns = type.ContainingNamespace?.ToDisplayString();
        return ns is "System.Collections.Generic" or "System.Collections.Immutable";
    }
}
