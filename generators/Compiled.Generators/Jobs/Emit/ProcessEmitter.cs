using System.Collections.Generic;
using Compiled.Generators.Emit;
using Compiled.Generators.Jobs.Model;

namespace Compiled.Generators.Jobs.Emit;

/// <summary>
/// Writes, for an intercepted <c>Process(f)</c>, the invoker struct that holds the function as its own class and
/// calls it directly, and the interceptor that passes it to the stream's generated-code <c>Process</c> overload.
/// </summary>
internal static class ProcessEmitter
{
    private const string Api = "global::Compiled.Api";
    private const string Process = "global::Compiled.Process";
    private const string Collector = "global::Compiled.Functions.ICollector";

    public static void Invoker(CodeWriter w, ProcessModel p)
    {
        var shape = Shape.Of(p);
        w.Line($"/// <summary>{shape.Description} {JobEmitter.DocText(p.FunctionType)} called as its own class ({p.Interception.DisplayLocation}).</summary>");
        if (!p.IsSealed)
            w.Line($"/// <remarks>{JobEmitter.DocText(p.FunctionType)} is not sealed, so its calls stay virtual: seal it to let the JIT call (and inline) them directly.</remarks>");
        w.Line("[global::System.Runtime.CompilerServices.CompilerGenerated]");
        w.Open($"internal readonly struct __Process{p.Index} : {shape.Contract}");
        w.Line($"private readonly {p.FunctionType} _function;");
        w.Line();
        w.Line($"public __Process{p.Index}({shape.Function} function) => _function = ({p.FunctionType})function;");
        w.Line();
        w.Line($"public {shape.Function} Function => _function;");
        foreach (var (name, value, context) in shape.Methods)
        {
            w.Line();
            w.Line(JobEmitter.Inline);
            w.Line(value is null
                ? $"public void {name}(long timestamp, {context} context, {Collector}<{p.OutputType}> output) => _function.{name}(timestamp, context, output);"
                : $"public void {name}(in {value} value, {context} context, {Collector}<{p.OutputType}> output) => _function.{name}(in value, context, output);");
        }
        w.Close();
    }

    public static void Interceptor(CodeWriter w, string jobType, ProcessModel p)
    {
        var shape = Shape.Of(p);
        string invoker = $"{jobType}.__Process{p.Index}";
        JobEmitter.InterceptsLocation(w, p.Interception);
        w.Line($"public static {Api}.DataStream<{p.OutputType}> Process{p.Index}(this {shape.Stream} stream, {shape.Function} function, string name)");
        w.Line("    => stream.Environment.Config.Interpreted ? stream.Process(function, name)");
        w.Line($"        : stream.Process<{p.OutputType}, {invoker}>(function, static f => new {invoker}(f), name);");
    }

    /// <summary>The API types of one process function family, and the methods its invoker forwards (a null value type: a timer).</summary>
    private sealed record Shape(string Description, string Stream, string Function, string Contract, List<(string Name, string? Value, string Context)> Methods)
    {
        public static Shape Of(ProcessModel p)
        {
            string key = p.KeyType ?? "", input = p.InputType, second = p.SecondInputType ?? "", output = p.OutputType;
            string keyed = $"{Process}.KeyedContext<{key}>", timer = $"{Process}.TimerContext<{key}>", plain = $"{Process}.ProcessContext";
            return p.Kind switch
            {
                ProcessKind.Process => new("Process function", $"{Api}.DataStream<{input}>", $"{Process}.ProcessFunction<{input}, {output}>",
                    $"{Process}.IProcessInvoker<{input}, {output}>", [("ProcessElement", input, plain)]),
                ProcessKind.KeyedProcess => new("Keyed process function", $"{Api}.KeyedStream<{input}, {key}>", $"{Process}.KeyedProcessFunction<{key}, {input}, {output}>",
                    $"{Process}.IKeyedProcessInvoker<{key}, {input}, {output}>", [("ProcessElement", input, keyed), ("OnTimer", null, timer)]),
                ProcessKind.CoProcess => new("Co-process function", $"{Api}.ConnectedStreams<{input}, {second}>", $"{Process}.CoProcessFunction<{input}, {second}, {output}>",
                    $"{Process}.ICoProcessInvoker<{input}, {second}, {output}>", [("ProcessElement1", input, plain), ("ProcessElement2", second, plain)]),
                _ => new("Keyed co-process function", $"{Api}.KeyedConnectedStreams<{input}, {second}, {key}>",
                    $"{Process}.KeyedCoProcessFunction<{key}, {input}, {second}, {output}>", $"{Process}.IKeyedCoProcessInvoker<{key}, {input}, {second}, {output}>",
                    [("ProcessElement1", input, keyed), ("ProcessElement2", second, keyed), ("OnTimer", null, timer)]),
            };
        }
    }
}
