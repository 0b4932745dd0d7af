using Microsoft.CodeAnalysis;

namespace Compiled.Generators.StateFields;

internal static class StateDiagnostics
{
    private const string Category = "Compiled.Generator";
    private const string HelpBase = "https://github.com/compiled-streaming/compiled/blob/main/docs/diagnostics/";

    public static readonly DiagnosticDescriptor OwnerNotSupported = new(
        id: "CMP1003",
        title: "[State] fields need a partial, non-generic function class",
        messageFormat: "[State] fields cannot be bound: {0}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpBase + "CMP1003.md");

    public static readonly DiagnosticDescriptor FieldNotSupported = new(
        id: "CMP1004",
        title: "[State] field cannot be bound",
        messageFormat: "[State] field '{0}' cannot be bound: {1}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpBase + "CMP1004.md");
}
