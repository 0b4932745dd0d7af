using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Compiled.Analyzers;

/// <summary>
/// CMP0006: an event-time window, or a keyed function that registers event-time timers, on a stream whose source
/// has no watermark strategy. The stream is followed backwards through the fluent chain and through
/// single-assignment locals within one method; streams that come from parameters, fields or other methods are
/// unknown and never reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WatermarkAnalyzer : DiagnosticAnalyzer
{
    private const int MaxDepth = 64;

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.NoWatermarks);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (KnownTypes.TryCreate(start.Compilation) is not { } known || known.DataStream is null) return;
            var timerTypes = new ConcurrentDictionary<INamedTypeSymbol, bool>(SymbolEqualityComparer.Default);
            start.RegisterOperationAction(c => Analyze(c, known, timerTypes), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, KnownTypes known, ConcurrentDictionary<INamedTypeSymbol, bool> timerTypes)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        var owner = method.ContainingType;
        if (invocation.Arguments.Length == 0) return;

        if ((method.Name == "Window" && KnownTypes.Is(owner, known.KeyedStream)) || (method.Name == "WindowAll" && KnownTypes.Is(owner, known.DataStream)))
        {
            var assigner = ValueTracking.Unwrap(invocation.Arguments[0].Value);
            if (!IsEventTimeAssigner(assigner.Type, known) || !NoEventTime(invocation.Instance, known, 0)) return;
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.NoWatermarks, invocation.Arguments[0].Syntax.GetLocation(),
                $"An event-time window ({assigner.Type!.Name})",
                "give the source a WatermarkStrategy with a timestamp assigner (e.g. WatermarkStrategy.ForBoundedOutOfOrderness), or use a processing-time window"));
        }
        else if (method.Name == "Process" && (KnownTypes.Is(owner, known.KeyedStream) || KnownTypes.Is(owner, known.KeyedConnectedStreams)))
        {
            if (ValueTracking.Unwrap(invocation.Arguments[0].Value) is not IObjectCreationOperation { Type: INamedTypeSymbol function } creation) return;
            if (!RegistersEventTimeTimers(function, known, creation.SemanticModel, timerTypes) || !NoEventTime(invocation.Instance, known, 0)) return;
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.NoWatermarks, invocation.Arguments[0].Syntax.GetLocation(),
                $"'{function.Name}' registers event-time timers",
                "they fire only when a bounded input ends, never on an unbounded one; give the source a WatermarkStrategy or use processing-time timers"));
        }
    }

    private static bool IsEventTimeAssigner(ITypeSymbol? type, KnownTypes known) =>
        KnownTypes.Is(type, known.TumblingEventTimeWindows) || KnownTypes.Is(type, known.SlidingEventTimeWindows) ||
        KnownTypes.Is(type, known.EventTimeSessionWindows);

    /// <summary>True only when the stream <paramref name="stream"/> provably carries no event time.</summary>
    private static bool NoEventTime(IOperation? stream, KnownTypes known, int depth)
    {
        if (stream is null || depth > MaxDepth) return false;
        if (ValueTracking.Resolve(stream) is not IInvocationOperation invocation) return false;
        var method = invocation.TargetMethod;
        var owner = method.ContainingType;

        if (KnownTypes.Is(owner, known.StreamEnvironment))
        {
            if (method.Name is not ("FromSource" or "FromCollection")) return false;
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Name != "watermarks") continue;
                if (argument.ArgumentKind == ArgumentKind.DefaultValue || ValueTracking.Unwrap(argument.Value).ConstantValue is { HasValue: true, Value: null })
                    return method.Name == "FromCollection";
                return StrategyHasNoWatermarks(argument.Value, known, depth + 1);
            }
            return false;
        }

        if (KnownTypes.Is(owner, known.DataStream))
        {
            switch (method.Name)
            {
                case "Union":
                    if (NoEventTime(invocation.Instance, known, depth + 1)) return true;
                    foreach (var argument in invocation.Arguments)
                    {
                        var value = ValueTracking.Unwrap(argument.Value);
                        if (value is IArrayCreationOperation { Initializer: { } initializer })
                        {
                            foreach (var element in initializer.ElementValues)
                            {
                                if (NoEventTime(element, known, depth + 1)) return true;
                            }
                        }
                        else if (NoEventTime(value, known, depth + 1))
                        {
                            return true;
                        }
                    }
                    return false;
                case "Connect":
                    return NoEventTime(invocation.Instance, known, depth + 1) || NoEventTime(invocation.Arguments[0].Value, known, depth + 1);
                case "Map" or "Filter" or "FlatMap" or "Process" or "KeyBy" or "Rebalance" or "Broadcast" or "Global" or "GetSideOutput" or
                    "SetParallelism" or "Name" or "Uid" or "DisableChaining" or "Transform" or "WindowAll":
                    return NoEventTime(invocation.Instance, known, depth + 1);
                default:
                    return false;
            }
        }

        // Keyed, windowed and connected streams carry the event time of their input(s).
        if (KnownTypes.Is(owner, known.KeyedStream) || KnownTypes.Is(owner, known.WindowedStream) ||
            KnownTypes.Is(owner, known.ConnectedStreams) || KnownTypes.Is(owner, known.KeyedConnectedStreams))
        {
            return NoEventTime(invocation.Instance, known, depth + 1);
        }
        return false;
    }

    private static bool StrategyHasNoWatermarks(IOperation strategy, KnownTypes known, int depth)
    {
        if (depth > MaxDepth || ValueTracking.Resolve(strategy) is not IInvocationOperation invocation) return false;
        var method = invocation.TargetMethod;
        if (KnownTypes.Is(method.ContainingType, known.WatermarkStrategyFactory)) return method.Name == "NoWatermarks";
        if (KnownTypes.Is(method.ContainingType, known.WatermarkStrategy) && method.Name is "WithIdleness" or "WithTimestampAssigner")
            return invocation.Instance is { } instance && StrategyHasNoWatermarks(instance, known, depth + 1);
        return false;
    }

    /// <summary>
    /// Whether the source of <paramref name="type"/> (or of its source base types) calls <c>RegisterEventTimeTimer</c>.
    /// Calls in the current syntax tree are confirmed against <c>ITimerService</c>; in other trees the name must
    /// be called on a <c>TimerService</c> member.
    /// </summary>
    private static bool RegistersEventTimeTimers(INamedTypeSymbol type, KnownTypes known, SemanticModel? model, ConcurrentDictionary<INamedTypeSymbol, bool> cache)
    {
        if (cache.TryGetValue(type, out bool cached)) return cached;
        bool result = false;
        for (var t = type; t is not null && !result && t.DeclaringSyntaxReferences.Length > 0; t = t.BaseType)
        {
            foreach (var reference in t.DeclaringSyntaxReferences)
            {
                foreach (var node in reference.GetSyntax().DescendantNodes())
                {
                    if (node is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } call ||
                        access.Name.Identifier.ValueText != "RegisterEventTimeTimer") continue;
                    if (model is not null && call.SyntaxTree == model.SyntaxTree)
                    {
                        if (model.GetSymbolInfo(call).Symbol is IMethodSymbol target && KnownTypes.Is(target.ContainingType, known.TimerService)) result = true;
                    }
                    else if (access.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "TimerService" })
                    {
                        result = true;
                    }
                    if (result) break;
                }
                if (result) break;
            }
        }
        cache.TryAdd(type, result);
        return result;
    }
}
