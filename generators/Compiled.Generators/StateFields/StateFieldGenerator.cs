using Compiled.Generators.StateFields.Emit;
using Compiled.Generators.StateFields.Parse;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Compiled.Generators.StateFields;

/// <summary>
/// Binds <c>[State]</c> fields of functions (<c>[State] ValueState&lt;bool&gt; flagged;</c>) to keyed
/// state: emits a <c>BindState</c> override that creates each state from its field name, type and TTL,
/// so no reflection is needed at run time.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class StateFieldGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the incremental steps.</summary>
    public static class TrackingNames
    {
        /// <summary>Each [State] field.</summary>
        public const string Fields = "State.Fields";

        /// <summary>Fields grouped by declaring class.</summary>
        public const string Owners = "State.Owners";
    }

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var fields = context.SyntaxProvider
            .ForAttributeWithMetadataName("Compiled.StateAttribute", static (node, _) => node is VariableDeclaratorSyntax, StateFieldParser.ParseField)
            .Where(static f => f is not null)
            .Select(static (f, _) => f!)
            .WithTrackingName(TrackingNames.Fields);
        var owners = fields.Collect()
            .SelectMany(static (all, _) => StateFieldParser.ByOwner(all))
            .WithTrackingName(TrackingNames.Owners);
        context.RegisterSourceOutput(owners, StateEmitter.Emit);
    }
}
