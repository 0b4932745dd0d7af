using Compiled.Execution.Operators;
using Compiled.Functions;
using Compiled.Process;
using Compiled.Tests.Support;

namespace Compiled.Tests.Execution;

public class TwoInputOperatorTests
{
    private sealed class Tag : CoProcessFunction<int, string, string>
    {
        public override void ProcessElement1(in int value, ProcessContext context, ICollector<string> output) => output.Collect($"1:{value}@{context.Timestamp}");
        public override void ProcessElement2(in string value, ProcessContext context, ICollector<string> output) => output.Collect($"2:{value}@{context.Timestamp}");
    }

    private static (CoProcessOperator<int, string, string, CoProcessFunctionInvoker<int, string, string>> Op, CollectingOutput<string> Output) Open()
    {
        var op = InterpretedProcessOperators.Co(new Tag());
        var output = new CollectingOutput<string>();
        op.Initialize(new Compiled.Execution.OperatorSetup("co", 0, 1, 128, new ManualProcessingTimeService()));
        op.Output = output;
        op.Open();
        return (op, output);
    }

    [Fact]
    public void RecordsOfBothInputsReachTheirFunctionWithTimestamps()
    {
        var (op, output) = Open();
        op.First.ProcessElement(1, 10);
        op.Second.ProcessElement("x", 20);
        Assert.Equal([("1:1@10", 10L), ("2:x@20", 20L)], output.Records);
    }

    [Fact]
    public void WatermarkIsTheMinimumOfBothInputs()
    {
        var (op, output) = Open();
        op.First.ProcessWatermark(10);
        Assert.Empty(output.Watermarks);
        op.Second.ProcessWatermark(5);
        op.Second.ProcessWatermark(30);
        op.First.ProcessWatermark(40);
        Assert.Equal([5L, 10L, 30L], output.Watermarks);
    }

    [Fact]
    public void AnIdleInputDoesNotHoldBackTheOther()
    {
        var (op, output) = Open();
        op.Second.ProcessWatermarkStatus(idle: true);
        op.First.ProcessWatermark(10);
        Assert.Equal([10L], output.Watermarks);
        op.First.ProcessWatermarkStatus(idle: true);
        Assert.Equal([true], output.StatusChanges);
    }
}
