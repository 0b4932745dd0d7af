using Compiled.Analyzers.CodeFixes;

namespace Compiled.Analyzers.Tests;

public sealed class SerializerTests
{
    private const string Id = "CMP0004";

    [Fact]
    public void Reports_types_crossing_exchanges_and_entering_sinks_or_state_in_a_stream_job()
    {
        var diagnostics = AnalyzerHarness.Verify("""
            public record struct Order(long Id, long Amount);
            public sealed class Total { public long Sum; }
            [StreamRecord] public partial record struct Line(long Id);

            [StreamJob]
            public static partial class Job
            {
                public static void Define(DataStream<Order> orders, DataStream<Line> lines, DataStream<List<Total>> totals)
                {
                    orders.[|KeyBy|](static o => o.Id).Reduce(static (a, b) => a);
                    orders.[|Rebalance|]().Map(static o => o.Id).Print();
                    orders.Map(static o => new Total()).[|Print|]();
                    totals.[|SinkTo|](new CollectSink<List<Total>>());
                    lines.KeyBy(static l => l.Id).Reduce(static (a, b) => a).Print();
                    lines.Map(static l => (l.Id, "x", DateTime.MinValue, Guid.Empty, new long[] { 1 })).Global().Print();
                }
            }

            public sealed class Counter : KeyedProcessFunction<long, Line, long>
            {
                [State] ValueState<Total>? [|total|];
                [State] ValueState<long>? count;
                [State] MapState<string, Line>? lines;
                public override void ProcessElement(in Line value, KeyedContext<long> context, ICollector<long> output) { }
            }
            """, Id);
        Assert.Contains("'Order' crosses a key-partitioned exchange", diagnostics[0].GetMessage());
        Assert.Contains("'Total' enters a sink", diagnostics[2].GetMessage());
        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Warning, diagnostics[0].Severity);
    }

    [Fact]
    public void Interpreted_jobs_are_not_checked()
    {
        AnalyzerHarness.Verify("""
            public record struct Order(long Id, long Amount);

            public static class Job
            {
                public static void Define(DataStream<Order> orders) => orders.KeyBy(static o => o.Id).Reduce(static (a, b) => a).Print();
            }
            """, Id);
    }

    [Fact]
    public async Task Fix_marks_the_type_in_another_file()
    {
        var result = await AnalyzerHarness.ApplyFixAsync(new AddStreamRecordCodeFix(), Id,
            ("/src/Job.cs", """
                [StreamJob]
                public static partial class Job
                {
                    public static void Define(DataStream<Shop.Order> orders) => _ = orders.KeyBy(static o => o.Id);
                }
                """),
            ("/src/Order.cs", """
                namespace Shop;

                /// <summary>An order.</summary>
                public record struct Order(long Id, long Amount);
                """));
        Assert.Equal("""
            namespace Shop;

            /// <summary>An order.</summary>
            [StreamRecord]
            public partial record struct Order(long Id, long Amount);
            """, result["/src/Order.cs"]);
    }
}
