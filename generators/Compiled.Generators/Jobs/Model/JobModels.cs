using System.Linq;
using Compiled.Generators.Common;

namespace Compiled.Generators.Jobs.Model;

/// <summary>Everything the emitter needs for one <c>[StreamJob]</c> class; value-equal so unchanged jobs stay cached.</summary>
internal sealed record JobModel(
    string HintName,
    string? Namespace,
    EquatableArray<string> ContainingTypes,
    string TypeDeclaration,
    EquatableArray<string> Usings,
    EquatableArray<ChainModel> Chains,
    EquatableArray<KeyByModel> KeyBys,
    EquatableArray<WindowAggregateModel> Aggregates,
    EquatableArray<ReduceModel> Reduces,
    EquatableArray<ProcessModel> Processes,
    EquatableArray<NotCompiledModel> NotCompiled,
    LocationInfo? NotPartial);

/// <summary>A fluent sequence of maps, filters and flat-maps fused into one operator.</summary>
internal sealed record ChainModel(int Index, string InputType, string OutputType, EquatableArray<StepModel> Steps)
{
    /// <summary>Whether a step emits zero or more records (the chain then pushes into a collector).</summary>
    public bool HasFlatMap => Steps.Any(s => s.Kind == StepKind.FlatMap);
}

/// <summary>One intercepted <c>Map</c>, <c>Filter</c> or <c>FlatMap</c> call of a chain.</summary>
/// <param name="CollectorName">A flat-map's collector parameter.</param>
/// <param name="ParameterType">The lambda's declared parameter type when it is explicit (tuple element names may differ from the stream's).</param>
internal sealed record StepModel(
    StepKind Kind,
    InterceptionModel Interception,
    string InputType,
    string OutputType,
    string ParameterName,
    string Body,
    bool IsExpressionBody,
    bool WritesParameter,
    string? CollectorName = null,
    string? ParameterType = null);

/// <summary>
/// An intercepted <c>KeyBy</c> whose key selectors become structs: a data stream's (with or without an explicit key
/// serializer) or a connected stream's, with one selector per input.
/// </summary>
/// <param name="Second">The second input's selector of a connected stream's <c>KeyBy</c>; null otherwise.</param>
internal sealed record KeyByModel(
    int Index,
    InterceptionModel Interception,
    KeyByKind Kind,
    string KeyType,
    KeySelectorModel First,
    KeySelectorModel? Second);

/// <summary>Which <c>KeyBy</c> overload a <see cref="KeyByModel"/> intercepts.</summary>
internal enum KeyByKind
{
    /// <summary><c>DataStream.KeyBy(selector)</c>: the key type's built-in or generated serializer.</summary>
    Stream,

    /// <summary><c>DataStream.KeyBy(selector, keySerializer)</c>.</summary>
    StreamWithSerializer,

    /// <summary><c>ConnectedStreams.KeyBy(firstKey, secondKey)</c>.</summary>
    Connected,
}

/// <summary>One key-selector lambda (or static method group) moved into a struct.</summary>
/// <param name="ParameterType">The lambda's declared parameter type when it is explicit (tuple element names may differ from the stream's).</param>
internal sealed record KeySelectorModel(
    string InputType,
    string ParameterName,
    string Body,
    bool IsExpressionBody,
    bool WritesParameter,
    string? ParameterType);

/// <summary>
/// An intercepted window <c>Aggregate(new F(), ...)</c> whose function's concrete type is known: a struct wrapping it
/// calls its methods directly, so the window operator's aggregation is specialised for it.
/// </summary>
/// <param name="OutputType">The window function's output, or null when the call has no window function.</param>
internal sealed record WindowAggregateModel(
    int Index,
    InterceptionModel Interception,
    string InputType,
    string KeyType,
    string WindowType,
    string AccumulatorType,
    string ResultType,
    string? OutputType,
    string FunctionType);

/// <summary>
/// An intercepted <c>Reduce</c> whose lambda becomes an <c>IReduceFunction</c> struct: a keyed stream's rolling reduce
/// (no <paramref name="WindowType"/>) or a window's incremental reduce, with or without a window function.
/// </summary>
/// <param name="WindowType">The window type of a window reduce; null for a keyed stream's rolling reduce.</param>
/// <param name="OutputType">The window function's output, or null when the call has no window function.</param>
/// <param name="WritesParameter">The body writes or captures a parameter: both records are then passed by value.</param>
/// <param name="AccumulatedType">The lambda's first parameter type as its body sees it, when declared explicitly (likewise <paramref name="ValueType"/>).</param>
internal sealed record ReduceModel(
    int Index,
    InterceptionModel Interception,
    string InputType,
    string KeyType,
    string? WindowType,
    string? OutputType,
    string AccumulatedName,
    string ValueName,
    string Body,
    bool IsExpressionBody,
    bool WritesParameter,
    string? AccumulatedType,
    string? ValueType);

/// <summary>
/// An intercepted <c>Process(f)</c> on a data, keyed or connected stream whose function's concrete class is known: a
/// struct holding the function as that class calls its methods directly (the JIT makes the calls direct when the
/// class is sealed), and the process operator is specialised for that struct.
/// </summary>
/// <param name="KeyType">The key type of a keyed kind; null otherwise.</param>
/// <param name="SecondInputType">The second input of a co-process kind; null otherwise.</param>
/// <param name="FunctionType">The function's class as written at the call (fully qualified).</param>
/// <param name="IsSealed">Whether that class is sealed (otherwise its calls stay virtual, through the class).</param>
internal sealed record ProcessModel(
    int Index,
    InterceptionModel Interception,
    ProcessKind Kind,
    string? KeyType,
    string InputType,
    string? SecondInputType,
    string OutputType,
    string FunctionType,
    bool IsSealed);

/// <summary>Which process function family a <see cref="ProcessModel"/> runs.</summary>
internal enum ProcessKind
{
    /// <summary><c>DataStream.Process(ProcessFunction)</c>.</summary>
    Process,

    /// <summary><c>KeyedStream.Process(KeyedProcessFunction)</c>.</summary>
    KeyedProcess,

    /// <summary><c>ConnectedStreams.Process(CoProcessFunction)</c>.</summary>
    CoProcess,

    /// <summary><c>KeyedConnectedStreams.Process(KeyedCoProcessFunction)</c>.</summary>
    KeyedCoProcess,
}

/// <summary>Where a call is intercepted (the compiler's opaque interceptable-location encoding).</summary>
internal sealed record InterceptionModel(int Version, string Data, string DisplayLocation);

/// <summary>A call that stays interpreted, and why (reported as a build warning).</summary>
/// <param name="ReportedByAnalyzer">A captured variable, which analyzer CMP0002 reports with a code fix: the generator's copy is hidden.</param>
/// <param name="Fix">How to make it compile, for a process function called through its base class (CMP1005); null for a lambda (CMP1001).</param>
internal sealed record NotCompiledModel(LocationInfo Location, string Operation, string Reason, bool ReportedByAnalyzer, string? Fix = null);

internal enum StepKind
{
    Map,
    Filter,
    FlatMap,
}
