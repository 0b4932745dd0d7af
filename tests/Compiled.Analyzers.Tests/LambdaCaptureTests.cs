using Compiled.Analyzers.CodeFixes;

namespace Compiled.Analyzers.Tests;

public sealed class LambdaCaptureTests
{
    private const string Id = "CMP0002";

    [Fact]
    public void Reports_lambdas_that_capture_locals_parameters_and_this()
    {
        var diagnostics = AnalyzerHarness.Verify("""
            public sealed class Job
            {
                private long _limit = 10;

                public DataStream<long> Build(DataStream<long> input, long factor)
                {
                    long offset = DateTime.UtcNow.Ticks;
                    return input
                        .Map([|x =>|] x * factor)
                        .Filter([|x =>|] x > _limit)
                        .Map([|(x) =>|] x + offset)
                        .Map([|delegate (long x)|] { return x + offset + factor; });
                }
            }
            """, Id);
        Assert.Contains("parameter 'factor'", diagnostics[0].GetMessage());
        Assert.Contains("'this'", diagnostics[1].GetMessage());
        Assert.Contains("local 'offset'", diagnostics[2].GetMessage());
        Assert.Contains("local 'offset', parameter 'factor'", diagnostics[3].GetMessage());
    }

    [Fact]
    public void Reports_key_selectors_and_timestamp_assigners()
    {
        AnalyzerHarness.Verify("""
            public static class Job
            {
                public static void Build(StreamEnvironment env, long[] items, long bucket)
                {
                    env.FromCollection(items, WatermarkStrategy.ForMonotonousTimestamps<long>([|x =>|] x * bucket))
                       .KeyBy([|x =>|] x / bucket)
                       .Reduce(static (a, b) => a + b)
                       .Print();
                }
            }
            """, Id);
    }

    [Fact]
    public void Reports_connected_key_selectors_and_key_selectors_given_a_serializer()
    {
        // The job generator leaves these captures to this rule (its own warning for them is hidden).
        var diagnostics = AnalyzerHarness.Verify("""
            public static class Job
            {
                public static void Build(DataStream<long> left, DataStream<string> right, long bucket)
                {
                    left.Connect(right).KeyBy(static x => x % 4, [|s =>|] s.Length % bucket);
                    left.Connect(right).KeyBy([|x =>|] x % bucket, static s => (long)s.Length);
                    left.KeyBy([|x =>|] x / bucket, KeySerializers.Get<long>()).Reduce(static (a, b) => a + b).Print();
                }
            }
            """, Id);
        Assert.All(diagnostics, d => Assert.Contains("parameter 'bucket'", d.GetMessage()));
    }

    [Fact]
    public void Reports_keyed_and_window_reduce_functions()
    {
        var diagnostics = AnalyzerHarness.Verify("""
            public static class Job
            {
                public static void Build(DataStream<long> input, long cap)
                {
                    var keyed = input.KeyBy(static x => x % 4);
                    keyed.Reduce([|(a, b) =>|] Math.Min(cap, a + b)).Print();
                    keyed.CountWindow(10).Reduce([|(a, b) =>|] Math.Min(cap, a + b)).Print();
                    keyed.CountWindow(10).Reduce(static (a, b) => a + b).Print();
                }
            }
            """, Id);
        Assert.All(diagnostics, d => Assert.Contains("parameter 'cap'", d.GetMessage()));
    }

    [Fact]
    public void Accepts_static_and_non_capturing_lambdas_and_other_methods()
    {
        AnalyzerHarness.Verify("""
            public static class Job
            {
                private const long Limit = 5;

                public static DataStream<long> Build(DataStream<long> input, long factor)
                {
                    const long local = 3;
                    var list = new List<long> { 1 }.Select(x => x * factor).ToList();
                    return input
                        .Map(static x => x * 2)
                        .Map(x => x + local + Limit)
                        .Map(x => { long y = x; Func<long, long> f = z => z + y; return f(x); })
                        .Filter(x => nameof(factor).Length > 0);
                }
            }
            """, Id);
    }

    [Fact]
    public async Task Fix_makes_captured_constants_const_and_the_lambda_static()
    {
        var result = await AnalyzerHarness.ApplyFixAsync(new MakeLambdaStaticCodeFix(), Id, (AnalyzerHarness.SourcePath, """
            public static class Job
            {
                public static DataStream<long> Build(DataStream<long> input)
                {
                    var threshold = 100;
                    string prefix = "p";
                    return input.Filter(x => x > threshold && prefix.Length > 0);
                }
            }
            """));
        Assert.Equal("""
            public static class Job
            {
                public static DataStream<long> Build(DataStream<long> input)
                {
                    const int threshold = 100;
                    const string prefix = "p";
                    return input.Filter(static x => x > threshold && prefix.Length > 0);
                }
            }
            """, result[AnalyzerHarness.SourcePath]);
    }

    [Theory]
    [InlineData("var threshold = 100; threshold++;", "x > threshold")]
    [InlineData("var threshold = DateTime.Now.Ticks;", "x > threshold")]
    [InlineData("var threshold = 100;", "x > threshold + factor")]
    public async Task No_fix_when_static_would_not_compile(string declaration, string body)
    {
        string source = $$"""
            public static class Job
            {
                public static DataStream<long> Build(DataStream<long> input, long factor)
                {
                    {{declaration}}
                    return input.Filter(x => {{body}});
                }
            }
            """;
        Assert.False(await AnalyzerHarness.HasFixAsync(new MakeLambdaStaticCodeFix(), Id, source));
    }
}
