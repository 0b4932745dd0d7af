using Compiled.Connectors;
using Compiled.Functions;
using Compiled.Process;
using Compiled.Tests.Support;

namespace Compiled.Tests.Api;

public class BasicOperatorTests
{
    private static readonly int[] Numbers = [.. Enumerable.Range(0, 1000)];

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void MapFilterFlatMapPipelineProducesExactResults(int parallelism)
    {
        var env = TestJobs.Env(parallelism);
        var sink = new CollectSink<int>();
        env.FromCollection(Numbers)
           .Map(i => i * 2)
           .Filter(i => i % 3 == 0)
           .FlatMap<int>((i, output) => { output.Collect(i); output.Collect(-i); })
           .SinkTo(sink);
        env.Execute();

        var expected = Numbers.Select(i => i * 2).Where(i => i % 3 == 0).SelectMany(i => new[] { i, -i }).Order();
        Assert.Equal(expected, sink.Results.Order());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void UnionMergesAllInputs(int parallelism)
    {
        var env = TestJobs.Env(parallelism);
        var sink = new CollectSink<int>();
        var a = env.FromCollection(Enumerable.Range(0, 100));
        var b = env.FromCollection(Enumerable.Range(1000, 50));
        var c = env.FromCollection(Enumerable.Range(5000, 10));
        a.Union(b, c).Map(i => i + 1).SinkTo(sink);
        env.Execute();

        var expected = Enumerable.Range(0, 100).Concat(Enumerable.Range(1000, 50)).Concat(Enumerable.Range(5000, 10)).Select(i => i + 1).Order();
        Assert.Equal(expected, sink.Results.Order());
    }

    private sealed class Describe : CoProcessFunction<int, string, string>
    {
        public override void ProcessElement1(in int value, ProcessContext context, ICollector<string> output) => output.Collect($"int:{value}");
        public override void ProcessElement2(in string value, ProcessContext context, ICollector<string> output) => output.Collect($"str:{value}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void ConnectedStreamsReachBothInputsOfTheCoProcessFunction(int parallelism)
    {
        var env = TestJobs.Env(parallelism);
        var sink = new CollectSink<string>();
        var ints = env.FromCollection(Enumerable.Range(0, 20));
        var strings = env.FromCollection(["a", "b", "c"]);
        ints.Connect(strings).Process(new Describe()).SinkTo(sink);
        env.Execute();

        var expected = Enumerable.Range(0, 20).Select(i => $"int:{i}").Concat(["str:a", "str:b", "str:c"]).Order(StringComparer.Ordinal);
        Assert.Equal(expected, sink.Results.Order(StringComparer.Ordinal));
    }

    private static readonly OutputTag<string> Odd = new("odd");

    private sealed class SplitOddEven : ProcessFunction<int, int>
    {
        public override void ProcessElement(in int value, ProcessContext context, ICollector<int> output)
        {
            if (value % 2 == 0) output.Collect(value);
            else context.Output(Odd, $"odd-{value}");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void SideOutputReceivesWhatTheProcessFunctionRoutesThere(int parallelism)
    {
        var env = TestJobs.Env(parallelism);
        var evens = new CollectSink<int>();
        var odds = new CollectSink<string>();
        var split = env.FromCollection(Enumerable.Range(0, 200)).Process(new SplitOddEven());
        split.SinkTo(evens);
        split.GetSideOutput(Odd).SinkTo(odds);
        env.Execute();

        Assert.Equal(Enumerable.Range(0, 100).Select(i => i * 2), evens.Results.Order());
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"odd-{i * 2 + 1}").Order(StringComparer.Ordinal), odds.Results.Order(StringComparer.Ordinal));
    }

    private sealed class TagWithSubtask<T> : ProcessFunction<T, (T Value, int Subtask)>
    {
        public override void ProcessElement(in T value, ProcessContext context, ICollector<(T, int)> output) =>
            output.Collect((value, RuntimeContext.SubtaskIndex));
    }

    [Fact]
    public void RebalanceSpreadsRecordsRoundRobinOverAllSubtasks()
    {
        var env = TestJobs.Env(4);
        var sink = new CollectSink<(int Value, int Subtask)>();
        env.FromCollection(Enumerable.Range(0, 400)).Rebalance().Process(new TagWithSubtask<int>()).SinkTo(sink);
        env.Execute();

        var results = sink.Results;
        Assert.Equal(Enumerable.Range(0, 400), results.Select(r => r.Value).Order());
        Assert.All(results, r => Assert.Equal(r.Value % 4, r.Subtask));
    }

    [Fact]
    public void BroadcastSendsEveryRecordToEverySubtask()
    {
        var env = TestJobs.Env(4);
        var sink = new CollectSink<(int Value, int Subtask)>();
        env.FromCollection(Enumerable.Range(0, 50)).Broadcast().Process(new TagWithSubtask<int>()).SinkTo(sink);
        env.Execute();

        var expected = from v in Enumerable.Range(0, 50) from s in Enumerable.Range(0, 4) select (v, s);
        Assert.Equal(expected.Order(), sink.Results.Order());
    }

    [Fact]
    public void GlobalSendsEveryRecordToTheFirstSubtask()
    {
        var env = TestJobs.Env(4);
        var sink = new CollectSink<(int Value, int Subtask)>();
        env.FromCollection(Enumerable.Range(0, 100)).Map(i => i).Global().Process(new TagWithSubtask<int>()).SinkTo(sink);
        env.Execute();

        Assert.Equal(Enumerable.Range(0, 100).Select(i => (i, 0)), sink.Results.Order());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void RollingReduceEmitsTheRunningSumOfEachKeyInOrder(int parallelism)
    {
        var env = TestJobs.Env(parallelism);
        var input = Enumerable.Range(0, 300).Select(i => (Key: $"k{i % 5}", Value: (long)i)).ToList();
        var sink = new CollectSink<(string Key, long Value)>();
        env.FromCollection(input).KeyBy(e => e.Key).Reduce((a, b) => (a.Key, a.Value + b.Value)).SinkTo(sink);
        env.Execute();

        foreach (var group in input.GroupBy(e => e.Key))
        {
            long sum = 0;
            var expected = group.Select(e => sum += e.Value).ToList();
            Assert.Equal(expected, sink.Results.Where(r => r.Key == group.Key).Select(r => r.Value));
        }
        Assert.Equal(input.Count, sink.Results.Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void DisablingChainingGivesTheSameResult(int parallelism)
    {
        // Running sums depend on arrival order across parallel Map subtasks, so compare the record count and each key's final sum.
        (int Count, List<(long, long)> Final) Run(bool chaining)
        {
            var env = TestJobs.Env(parallelism, chaining);
            var sink = new CollectSink<(long Key, long Sum)>();
            env.FromCollection(Enumerable.Range(0, 2000))
               .Map(i => (Key: (long)(i % 13), Sum: (long)i))
               .Filter(e => e.Sum % 7 != 0)
               .KeyBy(e => e.Key)
               .Reduce((a, b) => (a.Key, a.Sum + b.Sum))
               .Map(e => e)
               .SinkTo(sink);
            env.Execute();
            return (sink.Results.Count, [.. sink.Results.GroupBy(r => r.Key).Select(g => (g.Key, g.Max(r => r.Sum))).Order()]);
        }

        var expectedFinal = Enumerable.Range(0, 2000).Where(i => i % 7 != 0).GroupBy(i => (long)(i % 13)).Select(g => (g.Key, g.Sum(i => (long)i))).Order().ToList();
        var chained = Run(chaining: true);
        var unchained = Run(chaining: false);
        Assert.Equal(2000 - 286, chained.Count);
        Assert.Equal(expectedFinal, chained.Final);
        Assert.Equal(chained.Count, unchained.Count);
        Assert.Equal(chained.Final, unchained.Final);
    }

    [Fact]
    public void DescribeShowsForwardOperatorsFusedIntoOneChain()
    {
        var env = TestJobs.Env(1);
        env.FromCollection([1, 2, 3]).Map(i => i).Filter(i => i > 1).SinkTo(new CollectSink<int>());
        Assert.Equal("[0] Collection -> Map -> Filter -> Sink (parallelism 1)\n", env.BuildPlan().Describe().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void DescribeShowsExchangesBetweenChains()
    {
        var env = TestJobs.Env(4);
        env.FromCollection([1, 2, 3]).Map(i => i).KeyBy(i => i).Reduce((a, b) => a + b).Filter(i => i > 1).SinkTo(new CollectSink<int>());
        Assert.Equal(
            "[0] Collection (parallelism 1)\n" +
            "[1] Map (parallelism 4) <- 0:REBALANCE\n" +
            "[2] Reduce -> Filter -> Sink (parallelism 4) <- 1:HASH\n",
            env.BuildPlan().Describe().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void DescribeWithoutChainingShowsOneVertexPerOperator()
    {
        var env = TestJobs.Env(1, chaining: false);
        env.FromCollection([1, 2, 3]).Map(i => i).SinkTo(new CollectSink<int>());
        Assert.Equal(
            "[0] Collection (parallelism 1)\n[1] Map (parallelism 1) <- 0:FORWARD\n[2] Sink (parallelism 1) <- 1:FORWARD\n",
            env.BuildPlan().Describe().ReplaceLineEndings("\n"));
    }
}
