using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Compiled.Generators.Common;
using Compiled.Generators.Jobs.Parse;
using Compiled.Generators.StateFields.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Compiled.Generators.StateFields.Parse;

/// <summary>Reads <c>[State]</c> fields, each with what the emitter needs to know about its class.</summary>
internal static class StateFieldParser
{
    private static readonly string[] Kinds = ["ValueState", "ListState", "MapState"];

    public static StateFieldModel? ParseField(GeneratorAttributeSyntaxContext context, CancellationToken cancellation)
    {
        if (context.TargetSymbol is not IFieldSymbol field) return null;
        int ttl = context.Attributes[0].NamedArguments.Where(a => a.Key == "TtlSeconds").Select(a => a.Value.Value is int v ? v : 0).FirstOrDefault();

        string? problem = null;
        var type = field.Type as INamedTypeSymbol;
        string kind = type is { ContainingNamespace: { } ns } && ns.ToDisplayString() == "Compiled.State" && Kinds.Contains(type.Name) ? type.Name : "";
        if (kind.Length == 0) problem = $"its type '{field.Type.ToDisplayString()}' is not ValueState<T>, ListState<T> or MapState<TKey, TValue>";
        else if (field.IsReadOnly) problem = "it is readonly, but the runtime assigns it before Open()";
        else if (field.IsStatic) problem = "it is static, but state belongs to one parallel instance and key";
        else if (ttl < 0) problem = $"TtlSeconds is {ttl}; use a positive number of seconds, or 0 for no expiry";
        var arguments = type?.TypeArguments.Select(t => t.ToDisplayString(JobParser.TypeFormat)) ?? [];
        return new StateFieldModel(Owner(field.ContainingType), field.Name, kind, new(arguments), ttl,
            LocationInfo.From(context.TargetNode.GetLocation())!, problem);
    }

    /// <summary>Groups the fields by class, in declaration order.</summary>
    public static IEnumerable<StateOwnerModel> ByOwner(ImmutableArray<StateFieldModel> fields) =>
        fields.GroupBy(f => f.Owner)
              .OrderBy(g => g.Key.FullName, System.StringComparer.Ordinal)
              .Select(g => new StateOwnerModel(g.Key, new(g.OrderBy(f => f.Location.Span.Start))));

    private static StateOwner Owner(INamedTypeSymbol symbol)
    {
        var declaration = symbol.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<TypeDeclarationSyntax>().First();
        string fullName = symbol.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        string? ns = symbol.ContainingNamespace.IsGlobalNamespace ? null : symbol.ContainingNamespace.ToDisplayString();
        var containing = new List<string>();
        bool partial = symbol.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<TypeDeclarationSyntax>().Any(d => d.Modifiers.Any(SyntaxKind.PartialKeyword));
        for (var parent = declaration.Parent as TypeDeclarationSyntax; parent is not null; parent = parent.Parent as TypeDeclarationSyntax)
        {
            partial &= parent.Modifiers.Any(SyntaxKind.PartialKeyword);
            containing.Insert(0, PartialDeclarations.Header(parent));
        }
        string? problem = !partial ? $"'{symbol.Name}' (and every type containing it) must be partial so the generator can bind its [State] fields"
            : !DerivesFromRichFunction(symbol) ? $"'{symbol.Name}' is not a function (a RichFunction such as KeyedProcessFunction), so nothing would bind its [State] fields"
            : symbol.IsGenericType || symbol.ContainingType?.IsGenericType == true ? $"'{symbol.Name}' is generic; [State] fields are supported on non-generic functions only"
            : null;
        return new StateOwner(fullName, fullName.Replace("global::", "").Replace('<', '_').Replace('>', '_'), ns, new(containing), PartialDeclarations.Header(declaration),
            LocationInfo.From(declaration.Identifier.GetLocation())!, problem);
    }

    private static bool DerivesFromRichFunction(INamedTypeSymbol type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
            if (t.ToDisplayString() == "Compiled.Process.RichFunction") return true;
        return false;
    }
}
