using Microsoft.CodeAnalysis;

namespace Compiled.Generators.Model
{
    /// <summary>
    /// Diagnostics of the serializer generator. Ids CMP0101..CMP0199 belong to the generator; the
    /// analyzers own CMP0001..CMP0099.
    /// </summary>
    internal static class Diagnostics
    {
        private const string Category = "Compiled.Serialization";
        private const string HelpBase = "https://github.com/compiled-streaming/compiled/blob/main/docs/diagnostics/";

        public static readonly DiagnosticDescriptor UnsupportedMemberType = new DiagnosticDescriptor(
            "CMP0101", "Stream record member type is not supported",
            "Member '{0}' of stream record '{1}' has type '{2}', which the serializer generator does not support ({3}); change its type or mark it [NotSerialized]",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpBase + "CMP0101.md");

        public static readonly DiagnosticDescriptor NotPartial = new DiagnosticDescriptor(
            "CMP0102", "Stream record must be partial",
            "'{0}' is marked [StreamRecord] but {1} is not partial: the generator cannot add its serializer",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpBase + "CMP0102.md");

        public static readonly DiagnosticDescriptor DuplicateFieldId = new DiagnosticDescriptor(
            "CMP0103", "Duplicate field id",
            "Members '{0}' and '{1}' of stream record '{2}' have the same field id {3}; give one of them a different [FieldId]",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpBase + "CMP0103.md");

        public static readonly DiagnosticDescriptor InvalidFieldId = new DiagnosticDescriptor(
            "CMP0104", "Invalid field id",
            "Field id {0} of member '{1}' is out of range: use 1 to 16777215",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpBase + "CMP0104.md");

        public static readonly DiagnosticDescriptor NoConstructor = new DiagnosticDescriptor(
            "CMP0105", "Stream record cannot be constructed",
            "Stream record '{0}' has no parameterless constructor and no constructor whose parameters all match serialized members by name and type",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpBase + "CMP0105.md");

        public static readonly DiagnosticDescriptor GenericRecord = new DiagnosticDescriptor(
            "CMP0106", "Generic stream records are not supported",
            "Stream record '{0}' is generic (or nested in a generic type); generated serializers need a closed type",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpBase + "CMP0106.md");

        public static readonly DiagnosticDescriptor ReservedMemberName = new DiagnosticDescriptor(
            "CMP0107", "Member name reserved by the generator",
            "Stream record '{0}' declares a member named 'Serializer', the name of the generated nested serializer class; rename it",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpBase + "CMP0107.md");

        public static DiagnosticDescriptor? ById(string id) => id switch
        {
            "CMP0101" => UnsupportedMemberType,
            "CMP0102" => NotPartial,
            "CMP0103" => DuplicateFieldId,
            "CMP0104" => InvalidFieldId,
            "CMP0105" => NoConstructor,
            "CMP0106" => GenericRecord,
            "CMP0107" => ReservedMemberName,
            _ => null,
        };
    }
}
