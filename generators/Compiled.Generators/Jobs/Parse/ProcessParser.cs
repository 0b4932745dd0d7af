using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Compiled.Generators.Common;
using Compiled.Generators.Jobs.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Compiled.Generators.Jobs.Parse;

/// <summary>
/// Reads a <c>Process(f)</c> call of a data, keyed or connected stream into a <see cref="ProcessModel"/> when the
/// function's class is known at the call; otherwise the call runs as written (through the function's base class).
/// </summary>
internal static class ProcessParser
{
    /// <summary>The streams whose <c>Process</c> takes a process function, and the function methods an invoker calls.</summary>
    private static readonly Dictionary<string, (ProcessKind Kind, string[] Methods)> Receivers = new()
    {
        ["Compiled.Api.DataStream<T>"] = (ProcessKind.Process, ["ProcessElement"]),
        ["Compiled.Api.KeyedStream<T, TKey>"] = (ProcessKind.KeyedProcess, ["ProcessElement", "OnTimer"]),
        ["Compiled.Api.ConnectedStreams<T1, T2>"] = (ProcessKind.CoProcess, ["ProcessElement1", "ProcessElement2"]),
        ["Compiled.Api.KeyedConnectedStreams<T1, T2, TKey>"] = (ProcessKind.KeyedCoProcess, ["ProcessElement1", "ProcessElement2", "OnTimer"]),
    };

    /// <summary>
    /// The call's model, or null: <paramref name="skipped"/> then says why a process call stays behind its base class
    /// and how to fix it (null when the call is not a process-function call the generator handles at all).
    /// </summary>
    public static ProcessModel? Read(InvocationExpressionSyntax invocation, IMethodSymbol method, SemanticModel semantic, INamedTypeSymbol job, int index,
        CancellationToken cancellation, out NotCompiledModel? skipped)
    {
        skipped = null;
        if (!Receivers.TryGetValue(method.ContainingType.OriginalDefinition.ToDisplayString(), out var receiver)) return null;
        // The public overload (function, name); the generated-code overload also takes the invoker.
        if (method.OriginalDefinition.Parameters.Length != 2 || method.Parameters[0].Type is not INamedTypeSymbol { IsAbstract: true } functionBase) return null;
        if (JobParser.Argument(invocation, method, 0)?.Expression is not { } expression) return null;

        NotCompiledModel Skip(string reason, string fix) =>
            new(LocationInfo.From(expression.GetLocation())!, expression.ToString(), reason, ReportedByAnalyzer: false, fix);
        var argumentType = semantic.GetTypeInfo(expression, cancellation).Type;
        if (argumentType is not INamedTypeSymbol { TypeKind: TypeKind.Class, IsAbstract: false, IsStatic: false } function)
        {
            if (argumentType is null or IErrorTypeSymbol) return null; // the compiler reports it
            skipped = Skip($"its type at the call is '{argumentType.ToDisplayString()}', so its class is not known",
                "pass it typed as its own sealed class, e.g. 'new MyFunction()' or a variable of that class");
            return null;
        }
        if (!DerivesFrom(function, functionBase)) return null;
        if (HiddenMethod(function, functionBase, receiver.Methods) is { } hidden)
        {
            skipped = Skip($"'{function.Name}' declares a '{hidden}' that hides the base class's instead of overriding it", "mark it 'override' or rename it");
            return null;
        }
        if (function.IsFileLocal || !semantic.Compilation.IsSymbolAccessibleWithin(function, job))
        {
            skipped = Skip($"'{function.Name}' is not visible to generated code in the job class", "declare it 'internal' or 'public' (not 'file')");
            return null;
        }
        if (JobParser.HasTypeParameter(function) || method.ContainingType.TypeArguments.Concat(method.TypeArguments).Any(JobParser.HasTypeParameter))
        {
            skipped = Skip("its types depend on a type parameter", "call Process where the stream's and the function's types are closed, not in a generic method");
            return null;
        }
        if (JobParser.Interception(invocation, semantic, cancellation, out _) is not { } interception)
        {
            skipped = Skip("the call cannot be intercepted", "call Process as an ordinary method call on the stream");
            return null;
        }

        string Name(ITypeSymbol t) => t.ToDisplayString(JobParser.TypeFormat);
        var stream = method.ContainingType.TypeArguments;
        string? key = receiver.Kind switch
        {
            ProcessKind.KeyedProcess => Name(stream[1]),
            ProcessKind.KeyedCoProcess => Name(stream[2]),
            _ => null,
        };
        string? second = receiver.Kind is ProcessKind.CoProcess or ProcessKind.KeyedCoProcess ? Name(stream[1]) : null;
        return new ProcessModel(index, interception, receiver.Kind, key, Name(stream[0]), second, Name(method.TypeArguments[0]), Name(function), function.IsSealed);
    }

    private static bool DerivesFrom(INamedTypeSymbol type, INamedTypeSymbol functionBase)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
            if (SymbolEqualityComparer.Default.Equals(current, functionBase)) return true;
        return false;
    }

    /// <summary>
    /// A method the class (or a base below the framework's) declares with the name of one the invoker calls that does
    /// not override it: a direct call would bind to that method, where the operator calls the framework's virtual one.
    /// </summary>
    private static string? HiddenMethod(INamedTypeSymbol type, INamedTypeSymbol functionBase, string[] methods)
    {
        for (var current = type; current is not null && !SymbolEqualityComparer.Default.Equals(current, functionBase); current = current.BaseType)
        {
            foreach (string name in methods)
                if (current.GetMembers(name).Any(m => m is IMethodSymbol { IsOverride: false })) return name;
        }
        return null;
    }
}
