namespace Compiled.Analyzers.Tests;

public sealed class KeyedStateTests
{
    private const string Id = "CMP0009";

    [Fact]
    public void Reports_keyed_state_and_timers_in_non_keyed_functions()
    {
        var diagnostics = AnalyzerHarness.Verify("""
            public sealed class Dedupe : ProcessFunction<long, long>
            {
                private ValueState<bool>? _seen;
                public override void Open() => _seen = RuntimeContext.[|GetState|](new ValueStateDescriptor<bool>("seen"));
                public override void ProcessElement(in long value, ProcessContext context, ICollector<long> output)
                {
                    context.TimerService.[|RegisterEventTimeTimer|](value);
                    context.TimerService.[|DeleteProcessingTimeTimer|](value);
                    long now = context.TimerService.CurrentProcessingTime;
                }
            }

            public sealed class Join : CoProcessFunction<long, string, string>
            {
                public override void ProcessElement1(in long value, ProcessContext context, ICollector<string> output) =>
                    RuntimeContext.[|GetListState|](new ListStateDescriptor<long>("left")).Add(value);
                public override void ProcessElement2(in string value, ProcessContext context, ICollector<string> output) { }
            }
            """, Id);
        Assert.Contains("'Dedupe' is a ProcessFunction and runs on a non-keyed stream: call KeyBy(...) and derive from KeyedProcessFunction", diagnostics[0].GetMessage());
    }

    [Fact]
    public void Accepts_keyed_functions()
    {
        AnalyzerHarness.Verify("""
            public sealed class Dedupe : KeyedProcessFunction<long, long, long>
            {
                private ValueState<bool>? _seen;
                public override void Open() => _seen = RuntimeContext.GetState(new ValueStateDescriptor<bool>("seen"));
                public override void ProcessElement(in long value, KeyedContext<long> context, ICollector<long> output) =>
                    context.TimerService.RegisterEventTimeTimer(value);
            }

            public sealed class Join : KeyedCoProcessFunction<long, long, string, string>
            {
                public override void ProcessElement1(in long value, KeyedContext<long> context, ICollector<string> output) =>
                    RuntimeContext.GetListState(new ListStateDescriptor<long>("left")).Add(value);
                public override void ProcessElement2(in string value, KeyedContext<long> context, ICollector<string> output) { }
            }

            public sealed class Window : ProcessWindowFunction<long, long, long, TimeWindow>
            {
                public override void Process(long key, WindowContext<TimeWindow> context, IReadOnlyList<long> elements, ICollector<long> output) =>
                    RuntimeContext.GetState(new ValueStateDescriptor<long>("count")).Update(elements.Count);
            }
            """, Id);
    }
}
