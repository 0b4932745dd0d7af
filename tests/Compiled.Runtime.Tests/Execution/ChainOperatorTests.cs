using Compiled.Execution;
using Compiled.Execution.Operators;
using Compiled.Functions;
using Compiled.Network;
using Compiled.Tests.Support;

namespace Compiled.Tests.Execution;

/// <summary>
/// The fused chain operator's two batch loops (indexed for map-only chains, moving references for chains that
/// filter) give the records and timestamps one call per record gives, whatever slots the output hands out.
/// </summary>
public sealed class ChainOperatorTests
{
    private static readonly long[] Values = Enumerable.Range(0, 1_000).Select(i => (long)i * 7 % 1_000).ToArray();
    private static readonly long[] Times = Values.Select(v => 10_000 + v * 3).ToArray();

    [Theory]
    [InlineData(512)] // the scratch size: one reservation per batch
    [InlineData(3)] // small reservations that start inside the arrays: many per batch
    public void TheFilteringLoopEmitsWhatOneCallPerRecordEmits(int slots) =>
        AssertBatchEqualsElements<MultiplesOfThree>(slots, Values.Where(v => v % 3 == 0).Select(v => v * 2).ToList());

    [Theory]
    [InlineData(512)]
    [InlineData(3)]
    public void TheMappingLoopEmitsWhatOneCallPerRecordEmits(int slots) =>
        AssertBatchEqualsElements<Doubling>(slots, Values.Select(v => v * 2).ToList());

    [Fact]
    public void OnlyChainsThatDeclareFilteringUseTheFilteringLoop()
    {
        Assert.True(Filters<MultiplesOfThree>());
        Assert.False(Filters<Doubling>());
    }

    private static bool Filters<TFn>() where TFn : IChainFunction<long, long> => TFn.Filters;

    private static void AssertBatchEqualsElements<TFn>(int slots, List<long> expected) where TFn : struct, IChainFunction<long, long>
    {
        var batched = Run<TFn>(slots, op =>
        {
            for (int start = 0; start < Values.Length; start += 256) // several batches, the last one partial
            {
                int count = Math.Min(256, Values.Length - start);
                op.ProcessBatch(Values.AsSpan(start, count), Times.AsSpan(start, count));
            }
        });
        var single = Run<TFn>(slots, op =>
        {
            for (int i = 0; i < Values.Length; i++) op.ProcessElement(Values[i], Times[i]);
        });
        Assert.Equal(expected, batched.Select(r => r.Value).ToList());
        Assert.Equal(single, batched);
        Assert.All(batched, r => Assert.Equal(10_000 + r.Value / 2 * 3, r.Timestamp)); // each row keeps its record's timestamp
    }

    private static List<(long Value, long Timestamp)> Run<TFn>(int slots, Action<ChainOperator<long, long, TFn>> push) where TFn : struct, IChainFunction<long, long>
    {
        var op = new ChainOperator<long, long, TFn>(default);
        var output = new SmallSpaceOutput(slots);
        op.Initialize(new OperatorSetup("chain", 0, 1, 128, new ManualProcessingTimeService()));
        op.Output = output;
        op.Open();
        push(op);
        return output.Records;
    }

    private readonly struct MultiplesOfThree : IChainFunction<long, long>
    {
        public bool Apply(in long value, out long result)
        {
            result = value * 2;
            return value % 3 == 0;
        }

        static bool IChainFunction<long, long>.Filters => true;
    }

    private readonly struct Doubling : IChainFunction<long, long>
    {
        public bool Apply(in long value, out long result)
        {
            result = value * 2;
            return true;
        }
    }

    /// <summary>Hands out <c>slots</c> slots at offset 2 of fresh arrays (junk around them), and keeps what is committed.</summary>
    private sealed class SmallSpaceOutput(int slots) : Output<long>
    {
        private long[] _values = [];
        private long[] _timestamps = [];

        public List<(long Value, long Timestamp)> Records { get; } = [];

        public override OutputSpace<long> Reserve()
        {
            _values = Enumerable.Repeat(-1L, slots + 4).ToArray();
            _timestamps = Enumerable.Repeat(-1L, slots + 4).ToArray();
            return new OutputSpace<long>(_values, _timestamps, 2, slots);
        }

        public override void Commit(int count)
        {
            Assert.InRange(count, 0, slots);
            for (int i = 0; i < count; i++) Records.Add((_values[2 + i], _timestamps[2 + i]));
            Assert.Equal(-1L, _values[2 + slots]); // nothing written past the space
        }

        public override void Collect(in long value, long timestamp) => Records.Add((value, timestamp));
        public override void EmitWatermark(long watermark) { }
        public override void EmitWatermarkStatus(bool idle) { }
        public override void CollectSide<TSide>(OutputTag<TSide> tag, in TSide value, long timestamp) { }
    }
}
