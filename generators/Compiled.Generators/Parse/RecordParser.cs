using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Compiled.Generators.Common;
using Compiled.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Compiled.Generators.Parse
{
    /// <summary>Turns a <c>[StreamRecord]</c> type symbol into a <see cref="RecordModel"/> (no symbols survive this stage).</summary>
    internal static class RecordParser
    {
        public const string StreamRecordAttribute = "Compiled.StreamRecordAttribute";
        private const string FieldIdAttribute = "Compiled.FieldIdAttribute";
        private const string NotSerializedAttribute = "Compiled.NotSerializedAttribute";

        private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat.AddMiscellaneousOptions(
            SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        private static readonly SymbolDisplayFormat DisplayFormat = new SymbolDisplayFormat(
            typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
            genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
            miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        public static RecordModel Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
            Parse((INamedTypeSymbol)context.TargetSymbol, cancellationToken);

        /// <summary>Also used by the analyzers (the file is linked into Compiled.Analyzers), so their schema is the generator's.</summary>
        public static RecordModel Parse(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            var diagnostics = new List<DiagnosticInfo>();
            var location = From(type.Locations.FirstOrDefault());
            string displayName = type.ToDisplayString(DisplayFormat);

            void Report(DiagnosticDescriptor d, LocationInfo? at, params string[] args) =>
                diagnostics.Add(new DiagnosticInfo(d.Id, at ?? location, new EquatableArray<string>(args)));

            // Problems the analyzers also report (CMP0001 not partial, CMP0005 unserializable member): kept to stop
            // generation, but hidden so the user sees one diagnostic, the analyzer's, which has the code fix.
            void ReportCovered(DiagnosticDescriptor d, LocationInfo? at, params string[] args) =>
                diagnostics.Add(new DiagnosticInfo(d.Id, at ?? location, new EquatableArray<string>(args), ReportedByAnalyzer: true));

            // Declaration shape: partial, not generic, containing types partial.
            if (!IsPartial(type, cancellationToken)) ReportCovered(Diagnostics.NotPartial, null, displayName, "it");
            var containing = new List<ContainingType>();
            for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
            {
                if (!IsPartial(outer, cancellationToken)) ReportCovered(Diagnostics.NotPartial, null, displayName, "its containing type '" + outer.Name + "'");
                if (outer.IsGenericType) Report(Diagnostics.GenericRecord, null, displayName);
                containing.Insert(0, new ContainingType(Keyword(outer), outer.Name));
            }
            if (type.IsGenericType) Report(Diagnostics.GenericRecord, null, displayName);

            // Members: public instance fields and properties with a getter, declared here or in a base type.
            var candidates = new List<Candidate>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var t = type; t is not null && t.SpecialType != SpecialType.System_Object && t.SpecialType != SpecialType.System_ValueType; t = t.BaseType)
            {
                foreach (var member in t.GetMembers())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (member.IsStatic || member.IsImplicitlyDeclared && member is not IPropertySymbol) continue;
                    if (member.Name == "Serializer" && SymbolEqualityComparer.Default.Equals(t, type)) Report(Diagnostics.ReservedMemberName, From(member.Locations.FirstOrDefault()), displayName);
                    if (member.DeclaredAccessibility != Accessibility.Public || !seen.Add(member.Name)) continue;
                    switch (member)
                    {
                        case IPropertySymbol p when !p.IsIndexer && p.GetMethod is not null && p.Name != "EqualityContract":
                            bool settable = p.SetMethod is { DeclaredAccessibility: Accessibility.Public } && !type.IsReadOnly || p.SetMethod is { IsInitOnly: true, DeclaredAccessibility: Accessibility.Public };
                            candidates.Add(new Candidate(p, p.Type, settable));
                            break;
                        case IFieldSymbol f when !f.IsConst && !f.IsImplicitlyDeclared:
                            candidates.Add(new Candidate(f, f.Type, !f.IsReadOnly));
                            break;
                    }
                }
            }

            // Constructor: the one with most parameters that all match members by name and type; else parameterless.
            IMethodSymbol? ctor = null;
            foreach (var c in type.InstanceConstructors)
            {
                if (c.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected) continue;
                if (c.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(c.Parameters[0].Type, type)) continue; // record copy constructor
                if (!c.Parameters.All(p => candidates.Any(m => Matches(m, p)))) continue;
                if (ctor is null || c.Parameters.Length > ctor.Parameters.Length) ctor = c;
            }
            if (ctor is null && !type.IsValueType) Report(Diagnostics.NoConstructor, null, displayName);

            var fields = new List<FieldModel>();
            var usedIds = new Dictionary<int, string>();
            var args = new List<ConstructorArgument>();
            foreach (var m in candidates)
            {
                var parameter = ctor?.Parameters.FirstOrDefault(p => Matches(m, p));
                if (parameter is null && !m.Settable) continue; // computed or get-only: not state
                if (HasAttribute(m.Symbol, NotSerializedAttribute) || parameter is not null && HasAttribute(parameter, NotSerializedAttribute)) continue;

                var memberLocation = From(m.Symbol.Locations.FirstOrDefault());
                var shape = ShapeOf(m.Type, m.Symbol.Name, out string? unsupported);
                if (shape is null)
                {
                    if (IsUnserializableByAnalyzer(m.Type)) ReportCovered(Diagnostics.UnsupportedMemberType, memberLocation, m.Symbol.Name, displayName, m.Type.ToDisplayString(DisplayFormat), unsupported ?? "unsupported type");
                    else Report(Diagnostics.UnsupportedMemberType, memberLocation, m.Symbol.Name, displayName, m.Type.ToDisplayString(DisplayFormat), unsupported ?? "unsupported type");
                    continue;
                }

                int? declared = FieldIdOf(m.Symbol) ?? (parameter is null ? null : FieldIdOf(parameter));
                int id = declared ?? WireModel.DerivedId(m.Symbol.Name);
                if (declared is { } d && (d < 1 || d > WireModel.MaxDeclaredId))
                {
                    Report(Diagnostics.InvalidFieldId, memberLocation, d.ToString(System.Globalization.CultureInfo.InvariantCulture), m.Symbol.Name);
                    continue;
                }
                if (usedIds.TryGetValue(id, out string? other))
                {
                    Report(Diagnostics.DuplicateFieldId, memberLocation, other, m.Symbol.Name, displayName, id.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    continue;
                }
                usedIds.Add(id, m.Symbol.Name);
                fields.Add(new FieldModel(m.Symbol.Name, id, declared is not null, shape, parameter is not null));
            }
            if (ctor is not null)
            {
                foreach (var p in ctor.Parameters)
                {
                    var field = fields.FirstOrDefault(f => f.ViaConstructor && string.Equals(f.Name, candidates.First(m => Matches(m, p)).Symbol.Name, StringComparison.Ordinal));
                    args.Add(new ConstructorArgument(field?.Name, p.Name));
                }
            }

            bool isRecord = type.IsRecord;
            bool emitEquality = !isRecord && !type.GetMembers("Equals").OfType<IMethodSymbol>().Any(m => !m.IsImplicitlyDeclared && m.Parameters.Length == 1)
                && !type.GetMembers("GetHashCode").Any(m => !m.IsImplicitlyDeclared);

            string fqn = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            string? ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : null;
            return new RecordModel(
                ns, type.Name, fqn, displayName, Keyword(type), type.IsReadOnly && type.IsValueType,
                containing.ToEquatable(), type.IsValueType, emitEquality,
                fields.ToEquatable(), new Construction(args.ToEquatable()), diagnostics.ToEquatable());
        }

        private static LocationInfo? From(Location? location) => location is null ? null : LocationInfo.From(location);

        private static EquatableArray<T> ToEquatable<T>(this IEnumerable<T> items) where T : System.IEquatable<T> => new EquatableArray<T>(items);

        private sealed class Candidate
        {
            public Candidate(ISymbol symbol, ITypeSymbol type, bool settable)
            {
                Symbol = symbol;
                Type = type;
                Settable = settable;
            }

            public ISymbol Symbol { get; }
            public ITypeSymbol Type { get; }
            public bool Settable { get; }
        }

        private static bool Matches(Candidate member, IParameterSymbol parameter) =>
            string.Equals(member.Symbol.Name, parameter.Name, StringComparison.OrdinalIgnoreCase)
            && SymbolEqualityComparer.Default.Equals(member.Type, parameter.Type);

        private static bool IsPartial(INamedTypeSymbol type, CancellationToken ct) =>
            type.DeclaringSyntaxReferences.Any(r => r.GetSyntax(ct) is TypeDeclarationSyntax t
                && t.Modifiers.Any(m => m.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.PartialKeyword)));

        private static string Keyword(INamedTypeSymbol type) =>
            type.IsRecord ? (type.IsValueType ? "record struct" : "record")
            : type.TypeKind == TypeKind.Interface ? "interface"
            : type.IsValueType ? "struct" : "class";

        private static bool HasAttribute(ISymbol symbol, string name) =>
            symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == name);

        private static int? FieldIdOf(ISymbol symbol)
        {
            foreach (var a in symbol.GetAttributes())
            {
                if (a.AttributeClass?.ToDisplayString() == FieldIdAttribute && a.ConstructorArguments.Length == 1 && a.ConstructorArguments[0].Value is int id)
                    return id;
            }
            return null;
        }

        /// <summary>The shape of a member type, or null (with the reason) when it is not supported.</summary>
        /// <summary>The member types analyzer CMP0005 reports: object, dynamic, interfaces, delegates, pointers and ref structs, also as elements.</summary>
        private static bool IsUnserializableByAnalyzer(ITypeSymbol type) => type switch
        {
            { SpecialType: SpecialType.System_Object } or IDynamicTypeSymbol or IPointerTypeSymbol or IFunctionPointerTypeSymbol => true,
            { TypeKind: TypeKind.Interface or TypeKind.Delegate } => true,
            { IsRefLikeType: true } => true,
            IArrayTypeSymbol array => IsUnserializableByAnalyzer(array.ElementType),
            INamedTypeSymbol { IsGenericType: true } generic => generic.TypeArguments.Any(IsUnserializableByAnalyzer),
            _ => false,
        };

        private static TypeShape? ShapeOf(ITypeSymbol type, string member, out string? reason)
        {
            reason = null;
            string name = type.ToDisplayString(TypeFormat);
            bool annotated = type.NullableAnnotation == NullableAnnotation.Annotated;
            bool isRef = type.IsReferenceType;

            ShapeKind? special = type.SpecialType switch
            {
                SpecialType.System_Boolean => ShapeKind.Bool,
                SpecialType.System_Byte => ShapeKind.Byte,
                SpecialType.System_SByte => ShapeKind.SByte,
                SpecialType.System_Int16 => ShapeKind.Int16,
                SpecialType.System_UInt16 => ShapeKind.UInt16,
                SpecialType.System_Int32 => ShapeKind.Int32,
                SpecialType.System_UInt32 => ShapeKind.UInt32,
                SpecialType.System_Int64 => ShapeKind.Int64,
                SpecialType.System_UInt64 => ShapeKind.UInt64,
                SpecialType.System_Char => ShapeKind.Char,
                SpecialType.System_Single => ShapeKind.Single,
                SpecialType.System_Double => ShapeKind.Double,
                SpecialType.System_Decimal => ShapeKind.Decimal,
                SpecialType.System_DateTime => ShapeKind.DateTime,
                SpecialType.System_String => ShapeKind.String,
                _ => null,
            };
            if (special is { } k) return new TypeShape(k, name, isRef, annotated);

            string full = type.OriginalDefinition.ToDisplayString();
            if (full == "System.Guid") return new TypeShape(ShapeKind.Guid, name, false, false);
            if (full == "System.TimeSpan") return new TypeShape(ShapeKind.TimeSpan, name, false, false);

            if (type is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying })
            {
                var u = ShapeOf(underlying, member, out reason);
                return u is null ? null : new TypeShape(ShapeKind.Enum, name, false, false, EnumUnderlying: u.Kind);
            }

            if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
            {
                var inner = ShapeOf(nullable.TypeArguments[0], member, out reason);
                return inner is null ? null : new TypeShape(ShapeKind.Nullable, name, false, true, inner);
            }

            if (type is IArrayTypeSymbol array)
            {
                if (array.Rank != 1)
                {
                    reason = "multi-dimensional arrays are not supported; use a jagged array";
                    return null;
                }
                var element = ShapeOf(array.ElementType, member, out reason);
                return element is null ? null : new TypeShape(ShapeKind.Array, name, true, annotated, element);
            }

            if (type is INamedTypeSymbol named && full == "System.Collections.Generic.List<T>")
            {
                var element = ShapeOf(named.TypeArguments[0], member, out reason);
                return element is null ? null : new TypeShape(ShapeKind.List, name, true, annotated, element);
            }

            if (type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == StreamRecordAttribute))
            {
                if (type is INamedTypeSymbol { IsGenericType: true })
                {
                    reason = "generic stream records are not supported";
                    return null;
                }
                return new TypeShape(ShapeKind.Record, name, isRef, annotated,
                    RecordName: type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(DisplayFormat));
            }

            reason = type.TypeKind is TypeKind.Class or TypeKind.Struct
                ? "mark the type [StreamRecord] and partial, or use a supported type"
                : "supported: primitives, string, decimal, DateTime, TimeSpan, Guid, enums, Nullable<T>, T[], List<T> and [StreamRecord] types";
            return null;
        }
    }
}
