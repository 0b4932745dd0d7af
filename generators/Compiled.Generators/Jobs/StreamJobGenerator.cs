using Compiled.Generators.Jobs.Emit;
using Compiled.Generators.Jobs.Parse;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Compiled.Generators.Jobs;

/// <summary>
/// Compiles <c>[StreamJob]</c> classes: fluent Map/Filter sequences become one fused operator whose
/// steps are the user's lambda bodies (inlined by the JIT), and KeyBy selectors, Reduce functions, window
/// aggregates and process functions become structs; the calls are redirected with interceptors. Anything else keeps running in interpreted mode.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class StreamJobGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the incremental steps (asserted by the incrementality tests).</summary>
    public static class TrackingNames
    {
        /// <summary>Parsing each [StreamJob] class into its model.</summary>
        public const string Jobs = "StreamJob.Jobs";
    }

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var jobs = context.SyntaxProvider
            .ForAttributeWithMetadataName("Compiled.StreamJobAttribute", static (node, _) => node is TypeDeclarationSyntax, JobParser.Parse)
            .WithTrackingName(TrackingNames.Jobs);
        context.RegisterSourceOutput(jobs, JobEmitter.Emit);
    }
}
