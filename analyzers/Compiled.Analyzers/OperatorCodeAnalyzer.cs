using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Compiled.Analyzers;

/// <summary>
/// Rules about the code that runs inside operators: non-deterministic keys (CMP0003), blocking calls (CMP0007),
/// static mutable state (CMP0008) and keyed state or timers in non-keyed functions (CMP0009).
/// Every callback first checks the (cheap) target symbol and only then walks up to find the operator scope.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class OperatorCodeAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.NonDeterministicKey, Descriptors.BlockingCall, Descriptors.StaticWrite, Descriptors.KeyedStateOnNonKeyedStream);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (KnownTypes.TryCreate(start.Compilation) is not { } known) return;
            var symbols = new Symbols(start.Compilation);
            start.RegisterOperationAction(c => AnalyzeInvocation(c, known, symbols), OperationKind.Invocation);
            start.RegisterOperationAction(c => AnalyzePropertyReference(c, known, symbols), OperationKind.PropertyReference);
            start.RegisterOperationAction(c => AnalyzeObjectCreation(c, known, symbols), OperationKind.ObjectCreation);
            start.RegisterOperationAction(c => AnalyzeFieldReference(c, known), OperationKind.FieldReference);
        });
    }

    /// <summary>System types resolved once per compilation.</summary>
    private sealed class Symbols
    {
        public Symbols(Compilation c)
        {
            DateTime = c.GetSpecialType(SpecialType.System_DateTime);
            DateTimeOffset = c.GetTypeByMetadataName("System.DateTimeOffset");
            Random = c.GetTypeByMetadataName("System.Random");
            Guid = c.GetTypeByMetadataName("System.Guid");
            Environment = c.GetTypeByMetadataName("System.Environment");
            Stopwatch = c.GetTypeByMetadataName("System.Diagnostics.Stopwatch");
            HashCode = c.GetTypeByMetadataName("System.HashCode");
            EqualityComparerInterface = c.GetTypeByMetadataName("System.Collections.Generic.IEqualityComparer`1");
            NonGenericEqualityComparer = c.GetTypeByMetadataName("System.Collections.IEqualityComparer");
            Thread = c.GetTypeByMetadataName("System.Threading.Thread");
            Task = c.GetTypeByMetadataName("System.Threading.Tasks.Task");
            TaskOfT = c.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
            ValueTaskOfT = c.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
            Monitor = c.GetTypeByMetadataName("System.Threading.Monitor");
            WaitHandle = c.GetTypeByMetadataName("System.Threading.WaitHandle");
            File = c.GetTypeByMetadataName("System.IO.File");
            Directory = c.GetTypeByMetadataName("System.IO.Directory");
            FileStream = c.GetTypeByMetadataName("System.IO.FileStream");
            StreamReader = c.GetTypeByMetadataName("System.IO.StreamReader");
            StreamWriter = c.GetTypeByMetadataName("System.IO.StreamWriter");
            Socket = c.GetTypeByMetadataName("System.Net.Sockets.Socket");
            TcpClient = c.GetTypeByMetadataName("System.Net.Sockets.TcpClient");
            HttpClient = c.GetTypeByMetadataName("System.Net.Http.HttpClient");
            Dns = c.GetTypeByMetadataName("System.Net.Dns");
            Console = c.GetTypeByMetadataName("System.Console");
            Process = c.GetTypeByMetadataName("System.Diagnostics.Process");
            var waiters = ImmutableHashSet.CreateBuilder<INamedTypeSymbol>(SymbolEqualityComparer.Default);
            foreach (string name in new[]
            {
                "System.Threading.SemaphoreSlim", "System.Threading.ManualResetEventSlim", "System.Threading.CountdownEvent",
                "System.Threading.Barrier", "System.Threading.SpinWait",
            })
            {
                if (c.GetTypeByMetadataName(name) is { } t) waiters.Add(t);
            }
            SlimWaiters = waiters.ToImmutable();
            var awaiters = ImmutableHashSet.CreateBuilder<INamedTypeSymbol>(SymbolEqualityComparer.Default);
            foreach (string name in new[]
            {
                "System.Runtime.CompilerServices.TaskAwaiter", "System.Runtime.CompilerServices.TaskAwaiter`1",
                "System.Runtime.CompilerServices.ValueTaskAwaiter`1", "System.Runtime.CompilerServices.ConfiguredTaskAwaitable+ConfiguredTaskAwaiter",
                "System.Runtime.CompilerServices.ConfiguredTaskAwaitable`1+ConfiguredTaskAwaiter",
                "System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable`1+ConfiguredValueTaskAwaiter",
            })
            {
                if (c.GetTypeByMetadataName(name) is { } t) awaiters.Add(t);
            }
            Awaiters = awaiters.ToImmutable();
        }

        public INamedTypeSymbol DateTime { get; }
        public INamedTypeSymbol? DateTimeOffset { get; }
        public INamedTypeSymbol? Random { get; }
        public INamedTypeSymbol? Guid { get; }
        public INamedTypeSymbol? Environment { get; }
        public INamedTypeSymbol? Stopwatch { get; }
        public INamedTypeSymbol? HashCode { get; }
        public INamedTypeSymbol? EqualityComparerInterface { get; }
        public INamedTypeSymbol? NonGenericEqualityComparer { get; }
        public INamedTypeSymbol? Thread { get; }
        public INamedTypeSymbol? Task { get; }
        public INamedTypeSymbol? TaskOfT { get; }
        public INamedTypeSymbol? ValueTaskOfT { get; }
        public INamedTypeSymbol? Monitor { get; }
        public INamedTypeSymbol? WaitHandle { get; }
        public INamedTypeSymbol? File { get; }
        public INamedTypeSymbol? Directory { get; }
        public INamedTypeSymbol? FileStream { get; }
        public INamedTypeSymbol? StreamReader { get; }
        public INamedTypeSymbol? StreamWriter { get; }
        public INamedTypeSymbol? Socket { get; }
        public INamedTypeSymbol? TcpClient { get; }
        public INamedTypeSymbol? HttpClient { get; }
        public INamedTypeSymbol? Dns { get; }
        public INamedTypeSymbol? Console { get; }
        public INamedTypeSymbol? Process { get; }
        public ImmutableHashSet<INamedTypeSymbol> SlimWaiters { get; }
        public ImmutableHashSet<INamedTypeSymbol> Awaiters { get; }
    }

    private static bool Same(ITypeSymbol? a, ITypeSymbol? b) =>
        a is not null && b is not null && SymbolEqualityComparer.Default.Equals(a.OriginalDefinition, b);

    private static void AnalyzeInvocation(OperationAnalysisContext context, KnownTypes known, Symbols s)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        if (type is null) return;

        if (NonDeterministicCall(invocation, method, type, known, s) is { } what)
        {
            var scope = OperatorScope.Of(invocation, context.ContainingSymbol, known);
            if (scope.IsKeyComputation(known))
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.NonDeterministicKey, OperatorScope.NameLocation(invocation.Syntax), what));
            }
            return;
        }

        if (IsBlocking(method, type, s))
        {
            ReportBlocking(context, invocation, known, $"{type.Name}.{method.Name}");
            return;
        }

        if (Same(type, known.RuntimeContext) && method.Name.StartsWith("Get", StringComparison.Ordinal) && method.Name.EndsWith("State", StringComparison.Ordinal))
        {
            ReportNonKeyed(context, invocation, known, $"Keyed state ('{method.Name}')");
        }
        else if (Same(type, known.TimerService) && method.Name.EndsWith("Timer", StringComparison.Ordinal))
        {
            ReportNonKeyed(context, invocation, known, $"A timer ('{method.Name}')");
        }
    }

    private static string? NonDeterministicCall(IInvocationOperation invocation, IMethodSymbol method, INamedTypeSymbol type, KnownTypes known, Symbols s)
    {
        switch (method.Name)
        {
            case "GetHashCode":
                if (method.IsStatic && Same(type, known.String)) return "'string.GetHashCode' (randomised per process)";
                if (Same(type, s.HashCode)) break;
                if (method.Parameters.Length == 0)
                {
                    if (Same(type, known.Object) || Same(type, known.ValueType))
                        return $"'GetHashCode()' of '{invocation.Instance?.Type?.ToDisplayString() ?? type.Name}' (identity or field hash, not stable across processes)";
                    if (Same(type, known.String)) return "'string.GetHashCode()' (randomised per process)";
                    if (type.IsTupleType || type.Name is "ValueTuple" or "Tuple" && type.ContainingNamespace?.ToDisplayString() == "System")
                        return "'GetHashCode()' of a tuple (seeded per process)";
                    if (method.IsImplicitlyDeclared || type.IsAnonymousType)
                        return $"The compiler-generated 'GetHashCode()' of '{type.Name}' (hashes fields with per-process seeds)";
                    return null;
                }
                if (Same(type, known.String)) return "'string.GetHashCode' (randomised per process)";
                if (method.Parameters.Length == 1 && IsEqualityComparer(type, s) &&
                    invocation.Arguments.Length == 1 && invocation.Arguments[0].Value is { } arg &&
                    (arg is IConversionOperation { Operand.Type: { } operandType } ? operandType : arg.Type) is { } argType &&
                    (argType.SpecialType is SpecialType.System_String or SpecialType.System_Object))
                    return $"'{type.Name}.GetHashCode' of a {argType.ToDisplayString()} (randomised per process)";
                return null;
            case "NewGuid" or "CreateVersion7" when Same(type, s.Guid):
                return $"'Guid.{method.Name}()'";
            case "GetTimestamp" when Same(type, s.Stopwatch):
                return "'Stopwatch.GetTimestamp()'";
        }

        if (Same(type, s.HashCode)) return $"'HashCode.{method.Name}' (seeded per process)";
        if (!method.IsStatic && KnownTypes.DerivesFrom(type, s.Random)) return $"'Random.{method.Name}()'";
        return null;
    }

    private static bool IsEqualityComparer(INamedTypeSymbol type, Symbols s)
    {
        if (Same(type, s.EqualityComparerInterface) || Same(type, s.NonGenericEqualityComparer)) return true;
        foreach (var i in type.AllInterfaces)
        {
            if (Same(i, s.EqualityComparerInterface) || Same(i, s.NonGenericEqualityComparer)) return true;
        }
        return false;
    }

    private static bool IsBlocking(IMethodSymbol method, INamedTypeSymbol type, Symbols s)
    {
        string name = method.Name;
        if (name.EndsWith("Async", StringComparison.Ordinal)) return false;
        if (Same(type, s.Thread)) return name is "Sleep" or "Join";
        if (Same(type, s.Task)) return name is "Wait" or "WaitAll" or "WaitAny" or "RunSynchronously";
        if (Same(type, s.Monitor)) return name == "Wait";
        if (KnownTypes.DerivesFrom(type, s.WaitHandle)) return name is "WaitOne" or "WaitAll" or "WaitAny" or "SignalAndWait";
        if (s.SlimWaiters.Contains(type.OriginalDefinition)) return name is "Wait" or "SignalAndWait";
        if (s.Awaiters.Contains(type.OriginalDefinition)) return name == "GetResult";
        if (Same(type, s.File) || Same(type, s.Directory)) return method.IsStatic;
        if (Same(type, s.Socket)) return name is "Connect" or "Accept" or "Send" or "Receive" or "SendTo" or "ReceiveFrom" or "SendFile" or "Poll" or "Select";
        if (Same(type, s.TcpClient)) return name == "Connect";
        if (Same(type, s.HttpClient)) return name == "Send";
        if (Same(type, s.Dns)) return name is "GetHostEntry" or "GetHostAddresses" or "GetHostName";
        if (Same(type, s.Console)) return name is "ReadLine" or "Read" or "ReadKey";
        if (Same(type, s.Process)) return name == "WaitForExit";
        return false;
    }

    private static void ReportBlocking(OperationAnalysisContext context, IOperation operation, KnownTypes known, string what)
    {
        var scope = OperatorScope.Of(operation, context.ContainingSymbol, known);
        if (scope.Kind == ScopeKind.None) return;
        // Open and Close run once per subtask, before the first and after the last record: loading a lookup table there is fine.
        if (scope.Kind == ScopeKind.FunctionMember && scope.Member is IMethodSymbol { Name: "Open" or "Close", IsOverride: true }) return;
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.BlockingCall, OperatorScope.NameLocation(operation.Syntax), what));
    }

    private static void ReportNonKeyed(OperationAnalysisContext context, IOperation operation, KnownTypes known, string what)
    {
        var type = context.ContainingSymbol.ContainingType;
        if (type is null) return;
        string? kind = null, keyed = null;
        if (KnownTypes.DerivesFrom(type, known.ProcessFunction)) (kind, keyed) = ("ProcessFunction", "KeyedProcessFunction");
        else if (KnownTypes.DerivesFrom(type, known.CoProcessFunction)) (kind, keyed) = ("CoProcessFunction", "KeyedCoProcessFunction");
        if (kind is null) return;
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.KeyedStateOnNonKeyedStream, OperatorScope.NameLocation(operation.Syntax), what, type.Name, kind, keyed));
    }

    private static void AnalyzePropertyReference(OperationAnalysisContext context, KnownTypes known, Symbols s)
    {
        var reference = (IPropertyReferenceOperation)context.Operation;
        var property = reference.Property;
        var type = property.ContainingType;
        if (type is null) return;

        string? nonDeterministic = property.Name switch
        {
            "Now" or "UtcNow" or "Today" when Same(type, s.DateTime) || Same(type, s.DateTimeOffset) => $"'{type.Name}.{property.Name}'",
            "TickCount" or "TickCount64" when Same(type, s.Environment) => $"'Environment.{property.Name}'",
            _ => null,
        };
        if (nonDeterministic is not null)
        {
            var scope = OperatorScope.Of(reference, context.ContainingSymbol, known);
            if (scope.IsKeyComputation(known))
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.NonDeterministicKey, OperatorScope.NameLocation(reference.Syntax), nonDeterministic));
            }
            return;
        }

        if (property.Name == "Result" && (Same(type, s.TaskOfT) || Same(type, s.ValueTaskOfT)))
        {
            ReportBlocking(context, reference, known, $"{type.Name.TrimEnd('`', '1')}.Result");
            return;
        }

        if (property.IsStatic && property.SetMethod is not null && IsWritten(reference))
        {
            ReportStaticWrite(context, reference, property, known);
        }
    }

    private static void AnalyzeObjectCreation(OperationAnalysisContext context, KnownTypes known, Symbols s)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        var type = creation.Type;
        if (type is null) return;
        bool blocking =
            Same(type, s.FileStream) ||
            (Same(type, s.TcpClient) && creation.Arguments.Length == 2) ||
            ((Same(type, s.StreamReader) || Same(type, s.StreamWriter)) && creation.Constructor is { Parameters: { Length: > 0 } ps } && ps[0].Type.SpecialType == SpecialType.System_String);
        if (blocking) ReportBlocking(context, creation, known, $"new {type.Name}(...)");
    }

    private static void AnalyzeFieldReference(OperationAnalysisContext context, KnownTypes known)
    {
        var reference = (IFieldReferenceOperation)context.Operation;
        var field = reference.Field;
        if (!field.IsStatic || field.IsReadOnly || field.IsConst || !IsWritten(reference)) return;
        ReportStaticWrite(context, reference, field, known);
    }

    private static void ReportStaticWrite(OperationAnalysisContext context, IOperation reference, ISymbol member, KnownTypes known)
    {
        if (context.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.StaticConstructor }) return;
        if (context.ContainingSymbol is IFieldSymbol or IPropertySymbol { IsStatic: true }) return;
        var scope = OperatorScope.Of(reference, context.ContainingSymbol, known);
        if (scope.Kind == ScopeKind.None) return;
        if (scope.Kind == ScopeKind.FunctionMember && context.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Constructor }) return;
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.StaticWrite, reference.Syntax.GetLocation(), $"{member.ContainingType.Name}.{member.Name}"));
    }

    /// <summary>Whether <paramref name="reference"/> is the target of an assignment, increment, or a ref/out argument.</summary>
    private static bool IsWritten(IOperation reference)
    {
        var child = reference;
        var parent = reference.Parent;
        while (parent is ITupleOperation) // (a, b) = ...
        {
            child = parent;
            parent = parent.Parent;
        }
        return parent switch
        {
            IAssignmentOperation assignment => assignment.Target == child,
            IIncrementOrDecrementOperation => true,
            IArgumentOperation argument => argument.Parameter?.RefKind is RefKind.Ref or RefKind.Out,
            _ => false,
        };
    }
}
