using System.Linq;
using Compiled.Generators.Emit;
using Compiled.Generators.Common;
using Compiled.Generators.Model;
using Compiled.Generators.Parse;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Compiled.Generators
{
    /// <summary>
    /// Emits, for every <c>[StreamRecord]</c> partial type, a nested binary serializer class
    /// (<c>T.Serializer</c>) with schema-evolution support, its registration (module initializer) and,
    /// for non-record types, value equality. Pipeline: Parse (symbols → model) → Model (value-equal
    /// records) → Emit (model → source).
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class StreamRecordGenerator : IIncrementalGenerator
    {
        /// <summary>Tracking names of the incremental steps (asserted by the incrementality tests).</summary>
        public static class TrackingNames
        {
            /// <summary>The parsed, value-equal models of the [StreamRecord] types.</summary>
            public const string Models = "StreamRecord.Models";
            /// <summary>The models without errors, which get a serializer.</summary>
            public const string Emittable = "StreamRecord.Emittable";
            /// <summary>The diagnostics of the models.</summary>
            public const string Diagnostics = "StreamRecord.Diagnostics";
        }

        /// <inheritdoc />
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var models = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    RecordParser.StreamRecordAttribute,
                    static (node, _) => node is TypeDeclarationSyntax,
                    static (ctx, ct) => RecordParser.Parse(ctx, ct))
                .WithTrackingName(TrackingNames.Models);

            var diagnostics = models
                .Where(static m => m.Diagnostics.Count > 0)
                .Select(static (m, _) => m.Diagnostics)
                .WithTrackingName(TrackingNames.Diagnostics);

            var emittable = models
                .Where(static m => !m.Diagnostics.Any(d => Model.Diagnostics.ById(d.Id)?.DefaultSeverity == DiagnosticSeverity.Error))
                .WithTrackingName(TrackingNames.Emittable);

            context.RegisterSourceOutput(diagnostics, static (spc, items) =>
            {
                foreach (var d in items)
                {
                    var descriptor = Model.Diagnostics.ById(d.Id);
                    if (descriptor is null) continue;
                    spc.ReportDiagnostic(Diagnostic.Create(descriptor, d.Location?.ToLocation(),
                        d.ReportedByAnalyzer ? DiagnosticSeverity.Hidden : descriptor.DefaultSeverity, null, null, d.Arguments.Cast<object>().ToArray()));
                }
            });

            context.RegisterSourceOutput(emittable, static (spc, model) =>
                spc.AddSource(model.HintName, SerializerEmitter.Emit(model)));
        }
    }
}
