using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Compiled.Generators.Common;
using Compiled.Generators.Jobs.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Compiled.Generators.Jobs.Parse;

/// <summary>
/// Reads a <c>KeyBy</c> of a data stream (with or without an explicit key serializer) or of connected streams into a
/// <see cref="KeyByModel"/> when each of its key selectors can be compiled; otherwise the call runs as written and
/// every selector that cannot be compiled is reported.
/// </summary>
internal static class KeyByParser
{
    private const string DataStreamType = "Compiled.Api.DataStream<T>";
    private const string ConnectedStreamsType = "Compiled.Api.ConnectedStreams<T1, T2>";

    /// <summary>
    /// The call's model, or null: the call is then not a delegate-taking <c>KeyBy</c> the generator handles, or a
    /// selector (or the call) cannot be compiled and is added to <paramref name="notCompiled"/>.
    /// </summary>
    public static KeyByModel? Read(InvocationExpressionSyntax invocation, IMethodSymbol method, SemanticModel semantic, INamedTypeSymbol job, int index,
        List<NotCompiledModel> notCompiled, CancellationToken cancellation)
    {
        if (Kind(method) is not { } kind) return null;
        int count = kind == KeyByKind.Connected ? 2 : 1;
        var arguments = Enumerable.Range(0, count).Select(i => JobParser.Argument(invocation, method, i)).ToList();
        if (arguments.Any(a => a is null)) return null;
        NotCompiledModel Skip(ArgumentSyntax at, string reason, bool captures = false) => new(LocationInfo.From(at.GetLocation())!, "KeyBy", reason, captures);
        if (method.ContainingType.TypeArguments.Concat(method.TypeArguments).Any(JobParser.HasTypeParameter))
        {
            // The struct, declared in the job class, could not name a generic method's type parameters.
            notCompiled.Add(Skip(arguments[0]!, "its types depend on a type parameter"));
            return null;
        }

        string Name(ITypeSymbol t) => t.ToDisplayString(JobParser.TypeFormat);
        var inputs = method.ContainingType.TypeArguments;
        var selectors = new List<KeySelectorModel>();
        for (int i = 0; i < count; i++)
        {
            var function = Function.Read(arguments[i]!.Expression, semantic, job, cancellation, out string? reason, out bool captures, FunctionShape.Record);
            if (function is null) notCompiled.Add(Skip(arguments[i]!, reason ?? "unsupported function", captures));
            else selectors.Add(new KeySelectorModel(Name(inputs[i]), function.Parameter, function.Body, function.IsExpression, function.WritesParameter, function.ParameterType));
        }
        if (selectors.Count < count) return null;
        if (JobParser.Interception(invocation, semantic, cancellation, out string? skipped) is not { } interception)
        {
            notCompiled.Add(Skip(arguments[0]!, skipped!));
            return null;
        }
        return new KeyByModel(index, interception, kind, Name(method.TypeArguments[0]), selectors[0], count == 2 ? selectors[1] : null);
    }

    /// <summary>Which delegate-taking overload <paramref name="method"/> is (the generated-code overloads take structs); null when none.</summary>
    private static KeyByKind? Kind(IMethodSymbol method)
    {
        if (!JobParser.IsDelegateOverload(method)) return null;
        return (method.ContainingType.OriginalDefinition.ToDisplayString(), method.Parameters.Length) switch
        {
            (DataStreamType, 1) => KeyByKind.Stream,
            (DataStreamType, 2) => KeyByKind.StreamWithSerializer,
            (ConnectedStreamsType, 2) => KeyByKind.Connected,
            _ => null,
        };
    }
}
