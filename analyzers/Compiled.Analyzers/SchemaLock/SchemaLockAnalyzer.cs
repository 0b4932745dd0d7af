using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Compiled.Analyzers.SchemaLock;

/// <summary>
/// Savepoint compatibility: compares the schema of every <c>[StreamRecord]</c> type (computed by the serializer
/// generator's own parser, so it is exactly <c>T.Serializer.SchemaText</c>) with the project's schema lock file, an
/// AdditionalFile named <c>streamrecords.lock</c>. Incompatible changes are CMP0012 (error) on the member; compatible
/// changes and records missing from the lock are CMP0013 (info, with a code fix that rewrites the lock). Without a
/// lock file nothing is reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SchemaLockAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.IncompatibleSchemaChange, Descriptors.SchemaLockOutdated);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var lockText = start.Options.AdditionalFiles.FirstOrDefault(f => SchemaLockFile.IsLockFile(f.Path));
            if (lockText is null) return;
            if (start.Compilation.GetTypeByMetadataName(Generators.Parse.RecordParser.StreamRecordAttribute) is not { } attribute) return;
            if (lockText.GetText(start.CancellationToken) is not { } text) return;
            var lockFile = SchemaLockFile.Parse(text);
            start.RegisterSymbolAction(c => AnalyzeRecord(c, attribute, lockFile, lockText.Path, text), SymbolKind.NamedType);
            start.RegisterAdditionalFileAction(c =>
            {
                if (c.AdditionalFile.Path == lockText.Path) AnalyzeLock(c, attribute, lockFile, text);
            });
        });
    }

    private static void AnalyzeRecord(SymbolAnalysisContext context, INamedTypeSymbol attribute, SchemaLockFile lockFile, string lockPath, SourceText lockText)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (!RecordSchemas.IsStreamRecord(type, attribute) || type.Locations.Length == 0 || !type.Locations[0].IsInSource) return;
        var schema = RecordSchemas.Of(type, context.CancellationToken);
        if (!schema.Valid) return; // the generator reports why; there is no serializer to protect yet

        if (!lockFile.Records.TryGetValue(schema.Name, out var locked))
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.SchemaLockOutdated, type.Locations[0], schema.Name, "is not in " + SchemaLockFile.FileName));
            return;
        }
        foreach (var finding in SchemaComparer.Compare(schema, locked))
        {
            var location = finding.Field is null ? type.Locations[0] : MemberLocation(type, finding.Field, context.CancellationToken) ?? type.Locations[0];
            context.ReportDiagnostic(finding.Incompatible
                ? Diagnostic.Create(Descriptors.IncompatibleSchemaChange, location,
                    ImmutableArray.Create(LineLocation(lockPath, lockText, locked.Line)), null,
                    "Stream record '" + schema.Name + "' " + finding.Message)
                : Diagnostic.Create(Descriptors.SchemaLockOutdated, location, schema.Name, finding.Message));
        }
    }

    private static void AnalyzeLock(AdditionalFileAnalysisContext context, INamedTypeSymbol attribute, SchemaLockFile lockFile, SourceText text)
    {
        string path = context.AdditionalFile.Path;
        foreach (var (line, message) in lockFile.Errors)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.IncompatibleSchemaChange, LineLocation(path, text, line),
                SchemaLockFile.FileName + " line " + (line + 1).ToString(CultureInfo.InvariantCulture) + ": " + message + "; the schemas cannot be checked"));
        }
        foreach (var record in lockFile.Records.Values)
        {
            var type = RecordSchemas.FindByName(context.Compilation, record.Name);
            if (type is not null && RecordSchemas.IsStreamRecord(type, attribute)) continue;
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.SchemaLockOutdated, LineLocation(path, text, record.Line), record.Name,
                "is in " + SchemaLockFile.FileName + " but no longer a [StreamRecord] of this project"));
        }
    }

    private static Location? MemberLocation(INamedTypeSymbol type, string name, CancellationToken cancellationToken)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var member in t.GetMembers(name))
            {
                if (member is IPropertySymbol or IFieldSymbol && member.Locations.FirstOrDefault(l => l.IsInSource) is { } location) return location;
            }
        }
        return null;
    }

    private static Location LineLocation(string path, SourceText text, int line)
    {
        var span = text.Lines[line].Span;
        return Location.Create(path, span, text.Lines.GetLinePositionSpan(span));
    }
}
