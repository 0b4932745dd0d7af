using Compiled.Connectors.Nexmark;
using Compiled.State.Snapshots;

namespace Compiled.Tests.State;

/// <summary>
/// Copy-on-write snapshots copy a state value before the task may change it, unless it cannot change: generated
/// serializers of records like <see cref="Bid"/> (a struct of primitives and strings) say so, and lists of them are
/// copied element by element without writing and reading each one back.
/// </summary>
public class ImmutableRecordCopyTests
{
    [Fact]
    public void ARecordStructOfPrimitivesAndStringsIsSharedAndAListOfThemIsCopiedShallowly()
    {
        var bids = StateSerializers.Get<Bid>("bids");
        Assert.True(bids.IsImmutable);
        var bid = new Bid(1, 2, 3, "channel", "https://example.com/x", 4, "extra");
        Assert.Equal(bid, bids.Copy(bid));

        var lists = new ListStateSerializer<Bid>(bids);
        var list = new List<Bid> { bid, bid with { Price = 9 } };
        var copy = lists.Copy(list);
        Assert.NotSame(list, copy);
        Assert.Equal(list, copy);
        Assert.Same(list[0].Channel, copy[0].Channel); // shared, not read back from bytes
    }
}
