using Microsoft.CodeAnalysis;

namespace Compiled.Generators.Jobs;

internal static class JobDiagnostics
{
    private const string Category = "Compiled.Generator";
    private const string HelpBase = "https://github.com/compiled-streaming/compiled/blob/main/docs/diagnostics/";

    public static readonly DiagnosticDescriptor NotCompiled = new(
        id: "CMP1001",
        title: "Operator function runs in interpreted mode",
        messageFormat: "{0} is not compiled into the fused chain: {1}. It still runs, through a delegate call per record; make the lambda static and pass values through the record or the function's constructor instead.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpBase + "CMP1001.md");

    public static readonly DiagnosticDescriptor ProcessNotCompiled = new(
        id: "CMP1005",
        title: "Process function is called through its base class",
        messageFormat: "Process({0}) is not compiled: {1}. It still runs, with a virtual call per record; {2}.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpBase + "CMP1005.md");

    public static readonly DiagnosticDescriptor JobNotPartial = new(
        id: "CMP1002",
        title: "A [StreamJob] class must be partial to be compiled",
        messageFormat: "'{0}' is marked [StreamJob] but is not partial (nor are all its containing types): its operators run in interpreted mode. Add the 'partial' modifier.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpBase + "CMP1002.md");
}
