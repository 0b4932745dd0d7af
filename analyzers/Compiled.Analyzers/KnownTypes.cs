using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Compiled.Analyzers;

/// <summary>
/// The runtime's types the analyzers look for, resolved once per compilation (in a compilation-start action).
/// <see cref="TryCreate"/> returns null when the compilation does not reference Compiled.Runtime, so
/// the analyzers register nothing and cost nothing in other projects.
/// </summary>
internal sealed class KnownTypes
{
    private KnownTypes(Compilation compilation, INamedTypeSymbol streamRecord)
    {
        Compilation = compilation;
        StreamRecordAttribute = streamRecord;
        RuntimeAssembly = streamRecord.ContainingAssembly;
        StreamJobAttribute = Get("Compiled.StreamJobAttribute");
        StateAttribute = Get("Compiled.StateAttribute");

        StreamEnvironment = Get("Compiled.Api.StreamEnvironment");
        DataStream = Get("Compiled.Api.DataStream`1");
        KeyedStream = Get("Compiled.Api.KeyedStream`2");
        WindowedStream = Get("Compiled.Api.WindowedStream`3");
        ConnectedStreams = Get("Compiled.Api.ConnectedStreams`2");
        KeyedConnectedStreams = Get("Compiled.Api.KeyedConnectedStreams`3");

        WatermarkStrategyFactory = Get("Compiled.EventTime.WatermarkStrategy");
        WatermarkStrategy = Get("Compiled.EventTime.WatermarkStrategy`1");

        TumblingEventTimeWindows = Get("Compiled.Windowing.TumblingEventTimeWindows");
        SlidingEventTimeWindows = Get("Compiled.Windowing.SlidingEventTimeWindows");
        EventTimeSessionWindows = Get("Compiled.Windowing.EventTimeSessionWindows");
        TumblingProcessingTimeWindows = Get("Compiled.Windowing.TumblingProcessingTimeWindows");
        SlidingProcessingTimeWindows = Get("Compiled.Windowing.SlidingProcessingTimeWindows");
        ProcessingTimeSessionWindows = Get("Compiled.Windowing.ProcessingTimeSessionWindows");
        CountTrigger = Get("Compiled.Windowing.CountTrigger");
        Trigger = Get("Compiled.Windowing.Trigger`1");
        ProcessWindowFunction = Get("Compiled.Windowing.ProcessWindowFunction`4");

        RichFunction = Get("Compiled.Process.RichFunction");
        ProcessFunction = Get("Compiled.Process.ProcessFunction`2");
        KeyedProcessFunction = Get("Compiled.Process.KeyedProcessFunction`3");
        CoProcessFunction = Get("Compiled.Process.CoProcessFunction`3");
        KeyedCoProcessFunction = Get("Compiled.Process.KeyedCoProcessFunction`4");
        RuntimeContext = Get("Compiled.Process.RuntimeContext");
        TimerService = Get("Compiled.Process.ITimerService");

        KeySerializer = Get("Compiled.Serialization.KeySerializer`1");
        KeySelectorInterface = Get("Compiled.Functions.IKeySelector`2");
        FunctionInterfaces = GetAll(
            "Compiled.Functions.IMapFunction`2", "Compiled.Functions.IFilterFunction`1", "Compiled.Functions.IFlatMapFunction`2",
            "Compiled.Functions.IKeySelector`2", "Compiled.Functions.IReduceFunction`1", "Compiled.Functions.IAggregateFunction`3");

        StateTypes = GetAll(
            "Compiled.State.ValueState`1", "Compiled.State.ListState`1", "Compiled.State.MapState`2",
            "Compiled.State.ReducingState`1", "Compiled.State.AggregatingState`2");

        TimeSpan = Get("System.TimeSpan");
        Object = compilation.GetSpecialType(SpecialType.System_Object);
        ValueType = compilation.GetSpecialType(SpecialType.System_ValueType);
        String = compilation.GetSpecialType(SpecialType.System_String);

        ApiTypes = GetAll(
            "Compiled.Api.StreamEnvironment", "Compiled.Api.DataStream`1", "Compiled.Api.KeyedStream`2", "Compiled.Api.WindowedStream`3",
            "Compiled.Api.ConnectedStreams`2", "Compiled.Api.KeyedConnectedStreams`3",
            "Compiled.EventTime.WatermarkStrategy", "Compiled.EventTime.WatermarkStrategy`1");
    }

    public Compilation Compilation { get; }
    public IAssemblySymbol RuntimeAssembly { get; }
    public INamedTypeSymbol StreamRecordAttribute { get; }
    public INamedTypeSymbol? StreamJobAttribute { get; }
    public INamedTypeSymbol? StateAttribute { get; }
    public INamedTypeSymbol? StreamEnvironment { get; }
    public INamedTypeSymbol? DataStream { get; }
    public INamedTypeSymbol? KeyedStream { get; }
    public INamedTypeSymbol? WindowedStream { get; }
    public INamedTypeSymbol? ConnectedStreams { get; }
    public INamedTypeSymbol? KeyedConnectedStreams { get; }
    public INamedTypeSymbol? WatermarkStrategyFactory { get; }
    public INamedTypeSymbol? WatermarkStrategy { get; }
    public INamedTypeSymbol? TumblingEventTimeWindows { get; }
    public INamedTypeSymbol? SlidingEventTimeWindows { get; }
    public INamedTypeSymbol? EventTimeSessionWindows { get; }
    public INamedTypeSymbol? TumblingProcessingTimeWindows { get; }
    public INamedTypeSymbol? SlidingProcessingTimeWindows { get; }
    public INamedTypeSymbol? ProcessingTimeSessionWindows { get; }
    public INamedTypeSymbol? CountTrigger { get; }
    public INamedTypeSymbol? Trigger { get; }
    public INamedTypeSymbol? ProcessWindowFunction { get; }
    public INamedTypeSymbol? RichFunction { get; }
    public INamedTypeSymbol? ProcessFunction { get; }
    public INamedTypeSymbol? KeyedProcessFunction { get; }
    public INamedTypeSymbol? CoProcessFunction { get; }
    public INamedTypeSymbol? KeyedCoProcessFunction { get; }
    public INamedTypeSymbol? RuntimeContext { get; }
    public INamedTypeSymbol? TimerService { get; }
    public INamedTypeSymbol? KeySerializer { get; }
    public INamedTypeSymbol? KeySelectorInterface { get; }
    public ImmutableHashSet<INamedTypeSymbol> FunctionInterfaces { get; }
    public ImmutableHashSet<INamedTypeSymbol> StateTypes { get; }
    public ImmutableHashSet<INamedTypeSymbol> ApiTypes { get; }
    public INamedTypeSymbol? TimeSpan { get; }
    public INamedTypeSymbol Object { get; }
    public INamedTypeSymbol ValueType { get; }
    public INamedTypeSymbol String { get; }

    public static KnownTypes? TryCreate(Compilation compilation) =>
        compilation.GetTypeByMetadataName("Compiled.StreamRecordAttribute") is { } attribute ? new KnownTypes(compilation, attribute) : null;

    public INamedTypeSymbol? Get(string metadataName) => Compilation.GetTypeByMetadataName(metadataName);

    private ImmutableHashSet<INamedTypeSymbol> GetAll(params string[] names)
    {
        var builder = ImmutableHashSet.CreateBuilder<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        foreach (string name in names)
        {
            if (Get(name) is { } type) builder.Add(type);
        }
        return builder.ToImmutable();
    }

    /// <summary>Whether <paramref name="type"/> is (a construction of) <paramref name="definition"/>.</summary>
    public static bool Is(ITypeSymbol? type, INamedTypeSymbol? definition) =>
        type is not null && definition is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, definition);

    /// <summary>Whether <paramref name="type"/> derives from (a construction of) <paramref name="definition"/>, itself included.</summary>
    public static bool DerivesFrom(ITypeSymbol? type, INamedTypeSymbol? definition)
    {
        if (definition is null) return false;
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, definition)) return true;
        }
        return false;
    }

    /// <summary>The base type of <paramref name="type"/> that is a construction of <paramref name="definition"/>, if any.</summary>
    public static INamedTypeSymbol? FindBase(ITypeSymbol? type, INamedTypeSymbol? definition)
    {
        if (definition is null) return null;
        for (var t = type as INamedTypeSymbol; t is not null; t = t.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, definition)) return t;
        }
        return null;
    }

    public bool IsApiType(ITypeSymbol? type) => type?.OriginalDefinition is INamedTypeSymbol definition && ApiTypes.Contains(definition);

    public static bool HasAttribute(ISymbol symbol, INamedTypeSymbol? attribute)
    {
        if (attribute is null) return false;
        foreach (var data in symbol.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute)) return true;
        }
        return false;
    }

    /// <summary>
    /// Whether <paramref name="type"/> is user code that runs inside an operator: a rich function (process,
    /// window functions), a trigger, or an implementation of a function interface (map, filter, reduce, ...).
    /// </summary>
    public bool IsFunctionType(INamedTypeSymbol? type)
    {
        if (type is null || type.TypeKind is not (TypeKind.Class or TypeKind.Struct)) return false;
        if (DerivesFrom(type, RichFunction) || DerivesFrom(type, Trigger) || DerivesFrom(type, KeySerializer)) return true;
        foreach (var i in type.AllInterfaces)
        {
            if (FunctionInterfaces.Contains(i.OriginalDefinition)) return true;
        }
        return false;
    }
}
