using Compiled.Execution;
using Compiled.State;

namespace Compiled.Tests.Support;

/// <summary>
/// Runs one operator instance without a cluster, as Flink's OneInputStreamOperatorTestHarness: the test
/// pushes records and watermarks, moves processing time by hand and inspects what the operator emitted.
/// </summary>
public sealed class OperatorHarness<TIn, TOut> : IDisposable
{
    /// <summary>Sets up and opens <paramref name="op"/> as subtask <paramref name="subtask"/> of <paramref name="parallelism"/>.</summary>
    public OperatorHarness(OneInputOperator<TIn, TOut> op, int subtask = 0, int parallelism = 1,
        int maxParallelism = KeyGroups.DefaultMaxParallelism, long startTime = 0)
    {
        Operator = op;
        Time = new ManualProcessingTimeService(startTime);
        op.Initialize(new OperatorSetup("harness", subtask, parallelism, maxParallelism, Time));
        op.Output = Output;
        op.Open();
    }

    /// <summary>The operator under test.</summary>
    public OneInputOperator<TIn, TOut> Operator { get; }

    /// <summary>Everything the operator emitted.</summary>
    public CollectingOutput<TOut> Output { get; } = new();

    /// <summary>The operator's processing-time clock.</summary>
    public ManualProcessingTimeService Time { get; }

    /// <summary>Main-output values emitted so far.</summary>
    public List<TOut> Values => Output.Values;

    /// <summary>Pushes one record.</summary>
    public OperatorHarness<TIn, TOut> Element(TIn value, long timestamp = long.MinValue)
    {
        Operator.ProcessElement(value, timestamp);
        return this;
    }

    /// <summary>Pushes a watermark.</summary>
    public OperatorHarness<TIn, TOut> Watermark(long watermark)
    {
        Operator.ProcessWatermark(watermark);
        return this;
    }

    /// <summary>Moves processing time to <paramref name="time"/>, firing due timers.</summary>
    public OperatorHarness<TIn, TOut> AdvanceProcessingTime(long time)
    {
        Time.AdvanceTo(time);
        return this;
    }

    /// <summary>Ends the input as the task would: Finish, then Close.</summary>
    public void Dispose()
    {
        Operator.Close();
    }
}
