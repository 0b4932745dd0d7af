namespace Compiled.Analyzers.Tests;

public sealed class BlockingCallTests
{
    private const string Id = "CMP0007";

    [Fact]
    public void Reports_blocking_calls_in_operator_lambdas_and_functions()
    {
        AnalyzerHarness.Verify("""
            public sealed class Enrich : ProcessFunction<long, string>
            {
                public override void ProcessElement(in long value, ProcessContext context, ICollector<string> output)
                {
                    Thread.[|Sleep|](10);
                    output.Collect(File.[|ReadAllText|]("/tmp/" + value));
                    var task = Task.FromResult("x");
                    output.Collect(task.[|Result|]);
                    task.GetAwaiter().[|GetResult|]();
                    using var stream = [|new FileStream("/tmp/x", FileMode.Open)|];
                }
            }

            public struct Lookup : IMapFunction<long, long>
            {
                public long Map(in long value)
                {
                    Task.Delay(1).[|Wait|]();
                    return value;
                }
            }

            public static class Job
            {
                public static void Define(DataStream<long> input, SemaphoreSlim gate)
                {
                    input.Map(static x => { Thread.[|Sleep|](1); return x; })
                         .Filter({|CMP0002:x =>|} gate.[|Wait|](0))
                         .Print();
                }
            }
            """, Id);
    }

    [Fact]
    public void Accepts_blocking_calls_outside_operators_and_in_open()
    {
        AnalyzerHarness.Verify("""
            public sealed class Enrich : ProcessFunction<long, string>
            {
                private string _table = "";
                public Enrich() => _table = File.ReadAllText("/dev/null");
                public override void Open() => _table = File.ReadAllText("/dev/null");
                public override void ProcessElement(in long value, ProcessContext context, ICollector<string> output) =>
                    output.Collect(_table);
            }

            public static class Job
            {
                public static async Task Define(StreamEnvironment env)
                {
                    string text = File.ReadAllText("/dev/null");
                    Thread.Sleep(1);
                    await Task.Delay(1);
                    env.FromCollection(new[] { text }).Map(static s => s.Length).Print();
                }
            }
            """, Id);
    }
}
