using System;
using Compiled.Generators.Common;

namespace Compiled.Generators.Model
{
    /// <summary>Everything the emitter needs to know about one <c>[StreamRecord]</c> type. Value-equal.</summary>
    /// <param name="Namespace">Namespace, or null for the global namespace.</param>
    /// <param name="Name">Simple name of the type.</param>
    /// <param name="FullyQualifiedName">Name with the <c>global::</c> prefix, for generated code.</param>
    /// <param name="DisplayName">Name without the prefix, for the schema text and messages.</param>
    /// <param name="DeclarationKeyword">"record", "record struct", "class" or "struct".</param>
    /// <param name="IsReadOnly">The type is a readonly struct.</param>
    /// <param name="ContainingTypes">Outermost first, for nested declarations.</param>
    /// <param name="IsValueType">The type is a struct.</param>
    /// <param name="EmitEquality">Generate Equals/GetHashCode (non-record types without their own).</param>
    /// <param name="Fields">Serialized members, in declaration order.</param>
    /// <param name="Construction">How the reader creates an instance.</param>
    /// <param name="Diagnostics">Problems found; when any is an error nothing is emitted.</param>
    internal sealed record RecordModel(
        string? Namespace,
        string Name,
        string FullyQualifiedName,
        string DisplayName,
        string DeclarationKeyword,
        bool IsReadOnly,
        EquatableArray<ContainingType> ContainingTypes,
        bool IsValueType,
        bool EmitEquality,
        EquatableArray<FieldModel> Fields,
        Construction Construction,
        EquatableArray<DiagnosticInfo> Diagnostics)
    {
        public string HintName => (Namespace is null ? "" : Namespace + ".") + DisplayNameWithoutNamespace.Replace('.', '_') + ".StreamRecord.g.cs";

        public string DisplayNameWithoutNamespace => Namespace is null ? DisplayName : DisplayName.Substring(Namespace.Length + 1);
    }

    /// <summary>A type that contains the record's declaration.</summary>
    internal sealed record ContainingType(string Keyword, string Name);

    /// <summary>How the reader creates an instance: the constructor's arguments in order (empty: parameterless).</summary>
    internal sealed record Construction(EquatableArray<ConstructorArgument> Arguments);

    /// <summary>One argument of the constructor the reader calls: a field's local, or <c>default</c>.</summary>
    internal sealed record ConstructorArgument(string? FieldName, string ParameterName);

    /// <summary>A serialized member.</summary>
    /// <param name="Name">Member name.</param>
    /// <param name="Id">Wire id.</param>
    /// <param name="IdDeclared">The id comes from <c>[FieldId]</c> (else derived from the name).</param>
    /// <param name="Type">Type shape.</param>
    /// <param name="ViaConstructor">Set through the constructor (else through an object initializer).</param>
    internal sealed record FieldModel(string Name, int Id, bool IdDeclared, TypeShape Type, bool ViaConstructor);

    /// <summary>The kinds of member types the serializer supports.</summary>
    internal enum ShapeKind
    {
        Bool, Byte, SByte, Int16, UInt16, Int32, UInt32, Int64, UInt64, Char,
        Single, Double, Decimal, DateTime, TimeSpan, Guid, String,
        Enum, Record, Array, List, Nullable,
    }

    /// <summary>The shape of a member type (recursive for arrays, lists and nullable value types).</summary>
    /// <param name="Kind">Kind.</param>
    /// <param name="TypeName">Fully qualified C# type name including nullable annotations.</param>
    /// <param name="IsReference">Reference type (values may be null at run time).</param>
    /// <param name="IsNullableAnnotated">Declared nullable (<c>T?</c>).</param>
    /// <param name="Element">Element type of arrays and lists, underlying type of <c>Nullable&lt;T&gt;</c>.</param>
    /// <param name="EnumUnderlying">Underlying kind of an enum.</param>
    /// <param name="RecordName">Display name of a nested record type (for the schema text).</param>
    internal sealed record TypeShape(
        ShapeKind Kind,
        string TypeName,
        bool IsReference,
        bool IsNullableAnnotated,
        TypeShape? Element = null,
        ShapeKind EnumUnderlying = ShapeKind.Int32,
        string? RecordName = null)
    {
        /// <summary>Whether a null value is possible (reference types, <c>Nullable&lt;T&gt;</c>).</summary>
        public bool CanBeNull => IsReference || Kind == ShapeKind.Nullable;
    }

    /// <summary>A diagnostic in equatable form (no symbols, no syntax trees).</summary>
    /// <param name="ReportedByAnalyzer">The analyzers report the same problem (with a code fix), so the generator's copy is hidden.</param>
    internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments, bool ReportedByAnalyzer = false);
}
