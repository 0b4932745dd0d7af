using Compiled.Execution.Operators;
using Compiled.Functions;
using Compiled.Serialization;
using Compiled.Windowing;

namespace Compiled.Tests.Support;

/// <summary>Window operators over (key, value) records, built directly for harness tests.</summary>
public static class WindowTestOperators
{
    private static readonly DelegateKeySelector<(string Key, long Value), string> ByKey = new(e => e.Key);

    /// <summary>Sums the values of each key and window; emits (key, sum).</summary>
    public static WindowOperator<string, (string Key, long Value), (string Key, long Value), (string Key, long Value), (string Key, long Value), TWindow> Sum<TWindow>(
        WindowAssigner<TWindow> assigner, Trigger<TWindow>? trigger = null, long allowedLateness = 0, OutputTag<(string Key, long Value)>? lateTag = null)
        where TWindow : struct, IWindow =>
        new(assigner, trigger ?? assigner.DefaultTrigger,
            new ReduceContents<(string Key, long Value), DelegateReduce<(string Key, long Value)>>(new((a, b) => (a.Key, a.Value + b.Value))),
            new PassThroughWindowFunction<(string Key, long Value), string, TWindow>(),
            ByKey, KeySerializers.Get<string>(), new WindowOptions<(string Key, long Value)>(allowedLateness, lateTag));

    /// <summary>Buffers each window and describes it as "key window n=count sum=total".</summary>
    public static WindowOperator<string, (string Key, long Value), List<(string Key, long Value)>, IReadOnlyList<(string Key, long Value)>, string, TWindow> Describe<TWindow>(
        WindowAssigner<TWindow> assigner, Trigger<TWindow>? trigger = null, long allowedLateness = 0)
        where TWindow : struct, IWindow =>
        new(assigner, trigger ?? assigner.DefaultTrigger,
            new ListContents<(string Key, long Value)>(),
            new ListWindowFunction<(string Key, long Value), string, string, TWindow>(new DescribeWindow<TWindow>()),
            ByKey, KeySerializers.Get<string>(), new WindowOptions<(string Key, long Value)>(allowedLateness, null));
}

/// <summary>Describes a window's key, bounds, element count and value sum.</summary>
public sealed class DescribeWindow<TWindow> : ProcessWindowFunction<(string Key, long Value), string, string, TWindow> where TWindow : struct, IWindow
{
    /// <inheritdoc />
    public override void Process(string key, WindowContext<TWindow> context, IReadOnlyList<(string Key, long Value)> elements, ICollector<string> output)
    {
        string window = context.Window is TimeWindow w ? w.ToString() : "global";
        output.Collect($"{key} {window} n={elements.Count} sum={elements.Sum(e => e.Value)}");
    }
}
