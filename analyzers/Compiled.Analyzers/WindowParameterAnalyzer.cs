using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Compiled.Analyzers;

/// <summary>
/// CMP0010: window sizes, slides, gaps, counts, lateness and watermark bounds that are known at compile time and
/// that the runtime would reject when the job is defined. Values are evaluated from constants, TimeSpan factories
/// and constructors, and single-assignment locals or static readonly fields in the same file.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WindowParameterAnalyzer : DiagnosticAnalyzer
{
    private const long TicksPerMillisecond = 10_000;

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.InvalidWindowParameter);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (KnownTypes.TryCreate(start.Compilation) is not { } known || known.TimeSpan is null) return;
            start.RegisterOperationAction(c => Analyze(c, known), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, KnownTypes known)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        var owner = method.ContainingType;
        if (owner is null) return;

        if (method.Name == "Of" && (KnownTypes.Is(owner, known.TumblingEventTimeWindows) || KnownTypes.Is(owner, known.TumblingProcessingTimeWindows)))
        {
            PositiveMillis(context, invocation, "size", owner.Name, known);
        }
        else if (method.Name == "Of" && (KnownTypes.Is(owner, known.SlidingEventTimeWindows) || KnownTypes.Is(owner, known.SlidingProcessingTimeWindows)))
        {
            long? size = PositiveMillis(context, invocation, "size", owner.Name, known);
            long? slide = PositiveMillis(context, invocation, "slide", owner.Name, known);
            if (size is { } s && slide is { } sl && sl > s && Argument(invocation, "slide") is { } slideArgument)
            {
                Report(context, slideArgument, $"{owner.Name}: the slide ({Format(sl)}) must not exceed the size ({Format(s)}); use tumbling windows or a smaller slide");
            }
        }
        else if (method.Name == "WithGap" && (KnownTypes.Is(owner, known.EventTimeSessionWindows) || KnownTypes.Is(owner, known.ProcessingTimeSessionWindows)))
        {
            PositiveMillis(context, invocation, "gap", owner.Name, known);
        }
        else if ((method.Name == "CountWindow" && KnownTypes.Is(owner, known.KeyedStream)) || (method.Name == "Of" && KnownTypes.Is(owner, known.CountTrigger)))
        {
            if (invocation.Arguments.Length == 1 && ValueTracking.Resolve(invocation.Arguments[0].Value) is { ConstantValue: { HasValue: true, Value: { } value } } &&
                Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) <= 0)
            {
                Report(context, invocation.Arguments[0], $"{method.Name}: the count must be positive, was {value}");
            }
        }
        else if (method.Name == "AllowedLateness" && KnownTypes.Is(owner, known.WindowedStream))
        {
            if (Argument(invocation, "lateness") is { } argument && Ticks(argument.Value, known, 0) is < 0 and var ticks)
                Report(context, argument, $"AllowedLateness: the lateness must not be negative, was {FormatTicks(ticks)}");
        }
        else if (method.Name == "WithIdleness" && KnownTypes.Is(owner, known.WatermarkStrategy))
        {
            if (Argument(invocation, "timeout") is { } argument && Ticks(argument.Value, known, 0) is <= 0 and var ticks)
                Report(context, argument, $"WithIdleness: the idle timeout must be positive, was {FormatTicks(ticks)}");
        }
        else if (method.Name == "ForBoundedOutOfOrderness" && KnownTypes.Is(owner, known.WatermarkStrategyFactory))
        {
            if (Argument(invocation, "maxOutOfOrderness") is { } argument && Ticks(argument.Value, known, 0) is < 0 and var ticks)
                Report(context, argument, $"ForBoundedOutOfOrderness: the out-of-orderness must not be negative, was {FormatTicks(ticks)}");
        }
    }

    private static IArgumentOperation? Argument(IInvocationOperation invocation, string parameter)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name == parameter && argument.ArgumentKind != ArgumentKind.DefaultValue) return argument;
        }
        return null;
    }

    /// <summary>Checks a duration the runtime requires to be at least 1 ms (it truncates to whole milliseconds); returns it when known.</summary>
    private static long? PositiveMillis(OperationAnalysisContext context, IInvocationOperation invocation, string parameter, string owner, KnownTypes known)
    {
        if (Argument(invocation, parameter) is not { } argument || Ticks(argument.Value, known, 0) is not { } ticks) return null;
        long millis = ticks / TicksPerMillisecond;
        if (millis <= 0)
        {
            Report(context, argument, $"{owner}: the window {parameter} must be at least 1 ms, was {FormatTicks(ticks)}");
            return null;
        }
        return millis;
    }

    private static void Report(OperationAnalysisContext context, IArgumentOperation argument, string message) =>
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.InvalidWindowParameter, argument.Syntax.GetLocation(), message));

    private static string Format(long millis) => FormatTicks(millis * TicksPerMillisecond);

    private static string FormatTicks(long ticks) => TimeSpan.FromTicks(ticks).ToString("c", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The value in ticks of a TimeSpan expression, when it is known at compile time.</summary>
    internal static long? Ticks(IOperation operation, KnownTypes known, int depth)
    {
        if (depth > 16 || ValueTracking.Resolve(operation) is not { } value) return null;
        if (!KnownTypes.Is(value.Type, known.TimeSpan)) return null;
        try
        {
            checked
            {
                switch (value)
                {
                    case IDefaultValueOperation:
                        return 0;
                    case IFieldReferenceOperation { Field: { IsStatic: true, Name: "Zero" } field } when KnownTypes.Is(field.ContainingType, known.TimeSpan):
                        return 0;
                    case IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus } unary:
                        return -Ticks(unary.Operand, known, depth + 1);
                    case IUnaryOperation { OperatorKind: UnaryOperatorKind.Plus } unary:
                        return Ticks(unary.Operand, known, depth + 1);
                    case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } add:
                        return Ticks(add.LeftOperand, known, depth + 1) + Ticks(add.RightOperand, known, depth + 1);
                    case IBinaryOperation { OperatorKind: BinaryOperatorKind.Subtract } subtract:
                        return Ticks(subtract.LeftOperand, known, depth + 1) - Ticks(subtract.RightOperand, known, depth + 1);
                    case IInvocationOperation { TargetMethod: { IsStatic: true } method } call when KnownTypes.Is(method.ContainingType, known.TimeSpan) && method.Name.StartsWith("From", StringComparison.Ordinal):
                        return Sum(call.Arguments, method.Name.Substring(4));
                    case IObjectCreationOperation creation:
                        return creation.Arguments.Length == 0 ? 0 : Sum(creation.Arguments, null);
                    default:
                        return null;
                }
            }
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>Adds up constant arguments by their parameter names (days, hours, ..., ticks; "value" takes the unit of the factory).</summary>
    private static long? Sum(ImmutableArray<IArgumentOperation> arguments, string? unit)
    {
        double total = 0;
        foreach (var argument in arguments)
        {
            if (argument.Value.ConstantValue is not { HasValue: true, Value: { } constant }) return null;
            string? name = argument.Parameter?.Name;
            if (name == "value" || (unit is not null && arguments.Length == 1)) name = unit?.ToLowerInvariant();
            double scale = name switch
            {
                "days" => TimeSpan.TicksPerDay,
                "hours" => TimeSpan.TicksPerHour,
                "minutes" => TimeSpan.TicksPerMinute,
                "seconds" => TimeSpan.TicksPerSecond,
                "milliseconds" => TicksPerMillisecond,
                "microseconds" => 10,
                "ticks" => 1,
                _ => double.NaN,
            };
            if (double.IsNaN(scale)) return null;
            total += Convert.ToDouble(constant, System.Globalization.CultureInfo.InvariantCulture) * scale;
        }
        if (double.IsNaN(total) || Math.Abs(total) > long.MaxValue / 2.0) return null;
        return (long)total;
    }
}
