using Compiled.Execution.Checkpoints;
using Compiled.Execution.Operators;
using Compiled.Functions;
using Compiled.Serialization;
using Compiled.Tests.Support;
using Compiled.Windowing;

namespace Compiled.Tests.State;

/// <summary>
/// The window operator's checkpoint (contents on the heap fast path, merging sets, timers) is captured without
/// serializing: after capture, records change the contents in place, windows fire (their function changes the
/// elements), timers fire and clean up; the snapshot written afterwards equals one written at the capture.
/// </summary>
public class WindowSnapshotCopyOnWriteTests
{
    public WindowSnapshotCopyOnWriteTests() => Tally.Register();

    private static readonly DelegateKeySelector<Tally, long> ByKey = new(static t => t.Count % 17);

    /// <summary>Marks every element it sees, changing the window contents in place.</summary>
    private sealed class MarkElements : ProcessWindowFunction<Tally, string, long, TimeWindow>
    {
        public override void Process(long key, WindowContext<TimeWindow> context, IReadOnlyList<Tally> elements, ICollector<string> output)
        {
            foreach (var e in elements) e.Recent.Add(context.Window.End);
            output.Collect($"{key} {context.Window} n={elements.Count}");
        }
    }

    private sealed class TallyAverage : IAggregateFunction<Tally, Average, double>
    {
        private readonly InPlaceAverage _average = new();
        public Average CreateAccumulator() => new();
        public Average Add(in Tally value, Average accumulator) => _average.Add(value.Count, accumulator);
        public double GetResult(Average accumulator) => _average.GetResult(accumulator);
        public Average Merge(Average a, Average b) => _average.Merge(a, b);
    }

    private static OperatorHarness<Tally, string> ListWindows(WindowAssigner<TimeWindow> assigner) => new(
        new WindowOperator<long, Tally, List<Tally>, IReadOnlyList<Tally>, string, TimeWindow>(assigner, assigner.DefaultTrigger, new ListContents<Tally>(),
            new ListWindowFunction<Tally, string, long, TimeWindow>(new MarkElements()), ByKey, KeySerializers.Get<long>(),
            new WindowOptions<Tally>(AllowedLateness: 50, LateDataTag: null)));

    private static OperatorHarness<Tally, double> AverageWindows(WindowAssigner<TimeWindow> assigner) => new(
        new WindowOperator<long, Tally, Average, double, double, TimeWindow>(assigner, assigner.DefaultTrigger, new AggregateContents<Tally, Average, double>(new TallyAverage()),
            new PassThroughWindowFunction<double, long, TimeWindow>(), ByKey, KeySerializers.Get<long>(),
            new WindowOptions<Tally>(AllowedLateness: 50, LateDataTag: null)));

    public static TheoryData<string> Assigners => ["tumbling", "sliding", "session"];

    private static WindowAssigner<TimeWindow> Assigner(string name) => name switch
    {
        "tumbling" => TumblingEventTimeWindows.Of(TimeSpan.FromMilliseconds(100)),
        "sliding" => SlidingEventTimeWindows.Of(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(50)),
        _ => EventTimeSessionWindows.WithGap(TimeSpan.FromMilliseconds(30)),
    };

    [Theory]
    [MemberData(nameof(Assigners))]
    public void ListContentsChangedAfterCaptureAreWrittenAsCaptured(string assigner) =>
        CheckpointWhileRunning(ListWindows(Assigner(assigner)));

    [Theory]
    [MemberData(nameof(Assigners))]
    public void ClassAccumulatorsChangedAfterCaptureAreWrittenAsCaptured(string assigner) =>
        CheckpointWhileRunning(AverageWindows(Assigner(assigner)));

    private static void CheckpointWhileRunning<TOut>(OperatorHarness<Tally, TOut> harness)
    {
        using var _ = harness;
        var op = (ICheckpointedOperator)harness.Operator;
        var random = new Random(17);
        long time = 0;
        void Run(int records)
        {
            for (int i = 0; i < records; i++)
            {
                time += random.Next(3);
                harness.Element(new Tally { Count = random.Next(1000), Label = "r" + i }, time + random.Next(20));
                if (i % 50 == 0) harness.Watermark(time - 40);
            }
        }

        Run(600);
        for (long id = 1; id <= 4; id++)
        {
            var atCapture = new OperatorSnapshot();
            op.SnapshotState(id * 2, atCapture);
            atCapture.Materialize(); // the oracle: serialized at the capture
            var deferred = new OperatorSnapshot();
            op.SnapshotState(id * 2 + 1, deferred);
            int emitted = harness.Values.Count;

            Run(400); // contents grow in place, windows fire and are cleaned up, timers fire

            Assert.True(harness.Values.Count > emitted);
            deferred.Materialize();
            Assert.Equal(atCapture.KeyGroups.Keys.Order(), deferred.KeyGroups.Keys.Order());
            foreach (var (group, bytes) in atCapture.KeyGroups) Assert.Equal(bytes, deferred.KeyGroups[group]);
        }
    }
}
