using Compiled.Execution.Operators;
using Compiled.Functions;
using Compiled.Tests.Support;

namespace Compiled.Tests.Execution;

public class BasicOperatorHarnessTests
{
    [Fact]
    public void MapTransformsEveryRecordAndKeepsItsTimestamp()
    {
        using var h = new OperatorHarness<int, string>(new MapOperator<int, string, DelegateMap<int, string>>(new(i => $"v{i}")));
        h.Element(1, 10).Element(2, 20);
        Assert.Equal([("v1", 10L), ("v2", 20L)], h.Output.Records);
    }

    [Fact]
    public void FilterKeepsOnlyMatchingRecords()
    {
        using var h = new OperatorHarness<int, int>(new FilterOperator<int, DelegateFilter<int>>(new(i => i % 3 == 0)));
        foreach (var i in Enumerable.Range(0, 10)) h.Element(i, i);
        Assert.Equal([(0, 0L), (3, 3L), (6, 6L), (9, 9L)], h.Output.Records);
    }

    [Fact]
    public void FlatMapEmitsZeroOrMoreRecordsWithTheInputTimestamp()
    {
        using var h = new OperatorHarness<int, int>(new FlatMapOperator<int, int, DelegateFlatMap<int, int>>(new((n, output) =>
        {
            for (int i = 0; i < n; i++) output.Collect(n * 10 + i);
        })));
        h.Element(0, 5).Element(2, 6).Element(1, 7);
        Assert.Equal([(20, 6L), (21, 6L), (10, 7L)], h.Output.Records);
    }

    [Fact]
    public void OneInputOperatorForwardsWatermarks()
    {
        using var h = new OperatorHarness<int, int>(new MapOperator<int, int, DelegateMap<int, int>>(new(i => i)));
        h.Watermark(5).Watermark(9);
        Assert.Equal([5L, 9L], h.Output.Watermarks);
        Assert.Equal(9, h.Operator.CurrentWatermark);
    }
}
