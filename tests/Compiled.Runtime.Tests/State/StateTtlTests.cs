using Compiled.Functions;
using Compiled.Process;
using Compiled.State;
using Compiled.Tests.Support;

namespace Compiled.Tests.State;

public class StateTtlTests
{
    /// <summary>"put" stores the value, "get" emits what the state holds (or "none"), per key.</summary>
    private sealed class PutGet(StateTtlConfig ttl) : KeyedProcessFunction<string, (string Key, string Op, long Value), string>
    {
        private ValueState<long>? _value;
        private ListState<long>? _list;

        public override void Open()
        {
            _value = RuntimeContext.GetState(new ValueStateDescriptor<long>("value") { Ttl = ttl });
            _list = RuntimeContext.GetListState(new ListStateDescriptor<long>("list") { Ttl = ttl });
        }

        public override void ProcessElement(in (string Key, string Op, long Value) value, KeyedContext<string> context, ICollector<string> output)
        {
            if (value.Op == "put")
            {
                _value!.Update(value.Value);
                _list!.Add(value.Value);
                return;
            }
            output.Collect(_value!.HasValue ? $"{context.CurrentKey}={_value.Value} list={_list!.Get().Count}" : $"{context.CurrentKey}=none list={_list!.Get().Count}");
        }
    }

    private static OperatorHarness<(string Key, string Op, long Value), string> Harness(StateTtlConfig ttl) =>
        new(InterpretedProcessOperators.Keyed(new PutGet(ttl), static e => e.Key));

    [Fact]
    public void EntriesExpireOnceTheTtlHasPassedSinceTheLastWrite()
    {
        using var h = Harness(new StateTtlConfig(TimeSpan.FromMilliseconds(100)));
        h.Element(("a", "put", 1));
        h.AdvanceProcessingTime(99).Element(("a", "get", 0));
        h.AdvanceProcessingTime(100).Element(("a", "get", 0));
        Assert.Equal(["a=1 list=1", "a=none list=0"], h.Values);
    }

    [Fact]
    public void AWriteRestartsTheTtl()
    {
        using var h = Harness(new StateTtlConfig(TimeSpan.FromMilliseconds(100)));
        h.Element(("a", "put", 1));
        h.AdvanceProcessingTime(80).Element(("a", "put", 2));
        h.AdvanceProcessingTime(170).Element(("a", "get", 0));
        h.AdvanceProcessingTime(180).Element(("a", "get", 0));
        Assert.Equal(["a=2 list=2", "a=none list=0"], h.Values);
    }

    [Fact]
    public void ReadsDoNotExtendTheTtlByDefault()
    {
        using var h = Harness(new StateTtlConfig(TimeSpan.FromMilliseconds(100)));
        h.Element(("a", "put", 1));
        h.AdvanceProcessingTime(60).Element(("a", "get", 0));
        h.AdvanceProcessingTime(120).Element(("a", "get", 0));
        Assert.Equal(["a=1 list=1", "a=none list=0"], h.Values);
    }

    [Fact]
    public void RefreshOnReadExtendsTheTtlOnEveryRead()
    {
        using var h = Harness(new StateTtlConfig(TimeSpan.FromMilliseconds(100), RefreshOnRead: true));
        h.Element(("a", "put", 1));
        h.AdvanceProcessingTime(60).Element(("a", "get", 0));
        h.AdvanceProcessingTime(120).Element(("a", "get", 0));
        h.AdvanceProcessingTime(219).Element(("a", "get", 0));
        h.AdvanceProcessingTime(400).Element(("a", "get", 0));
        Assert.Equal(["a=1 list=1", "a=1 list=1", "a=1 list=1", "a=none list=0"], h.Values);
    }

    [Fact]
    public void TtlIsTrackedPerKey()
    {
        using var h = Harness(new StateTtlConfig(TimeSpan.FromMilliseconds(100)));
        h.Element(("a", "put", 1));
        h.AdvanceProcessingTime(50).Element(("b", "put", 2));
        h.AdvanceProcessingTime(120).Element(("a", "get", 0)).Element(("b", "get", 0));
        Assert.Equal(["a=none list=0", "b=2 list=1"], h.Values);
    }

    [Fact]
    public void NonPositiveTtlIsRejected()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new StateTtlConfig(TimeSpan.Zero));
        Assert.Contains("State TTL must be positive", ex.Message);
    }
}
