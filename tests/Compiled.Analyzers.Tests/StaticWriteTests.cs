namespace Compiled.Analyzers.Tests;

public sealed class StaticWriteTests
{
    private const string Id = "CMP0008";

    [Fact]
    public void Reports_static_writes_in_operator_code()
    {
        AnalyzerHarness.Verify("""
            public static class Stats
            {
                public static long Seen;
                public static long Max { get; set; }
            }

            public sealed class Count : KeyedProcessFunction<long, long, long>
            {
                private static long s_total;
                public override void ProcessElement(in long value, KeyedContext<long> context, ICollector<long> output)
                {
                    [|s_total|]++;
                    [|Stats.Seen|] += value;
                    Interlocked.Increment(ref [|Stats.Seen|]);
                    output.Collect(s_total);
                }
            }

            public static class Job
            {
                public static void Define(DataStream<long> input) =>
                    input.Map(static x => { [|Stats.Max|] = Math.Max(Stats.Max, x); ([|Stats.Seen|], _) = (x, 1); return x; }).Print();
            }
            """, Id);
    }

    [Fact]
    public void Accepts_reads_instance_state_and_job_definition_code()
    {
        AnalyzerHarness.Verify("""
            public static class Settings { public static int Parallelism; public static readonly List<long> Seen = new(); }

            public sealed class Count : KeyedProcessFunction<long, long, long>
            {
                private static long s_created;
                private long _local;
                public Count() => s_created++;
                public override void ProcessElement(in long value, KeyedContext<long> context, ICollector<long> output)
                {
                    _local += value;
                    long copy = Settings.Parallelism;
                    (_local, copy) = (copy, _local);
                    output.Collect(s_created + copy);
                }
            }

            public static class Job
            {
                public static void Define(DataStream<long> input)
                {
                    Settings.Parallelism = 4;
                    input.Map(static x => x + Settings.Parallelism).Print();
                }
            }
            """, Id);
    }
}
