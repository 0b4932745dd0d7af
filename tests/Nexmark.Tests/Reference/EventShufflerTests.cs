namespace Nexmark.Tests.Reference;

// Inside the namespace so these types win over any same-named types in the samples' Nexmark namespace.
using Compiled.Connectors.Nexmark;

public class EventShufflerTests
{
    private static readonly NexmarkGenerator Generator = new(new NexmarkGeneratorConfig());

    private static readonly List<NexmarkEvent> Events = Enumerable.Range(0, 20_000).Select(n => Generator.Generate(n)).ToList();

    [Theory]
    [InlineData(1L, 1)]
    [InlineData(2L, 2)]
    [InlineData(50L, 3)]
    [InlineData(1_000L, 4)]
    public void StaysWithinTheBoundAndIsAPermutation(long bound, int seed)
    {
        List<NexmarkEvent> shuffled = EventShuffler.ShuffleWithinBound(Events, bound, seed);

        long maxSeen = long.MinValue;
        foreach (NexmarkEvent e in shuffled)
        {
            if (maxSeen != long.MinValue)
            {
                Assert.True(e.DateTime >= maxSeen - (bound - 1), $"{e.DateTime} is more than {bound - 1} ms behind {maxSeen}");
                Assert.True(e.DateTime > maxSeen - bound); // a watermark of maxSeen - bound never makes it late
            }

            maxSeen = Math.Max(maxSeen, e.DateTime);
        }

        Assert.Equal(Events.Count, shuffled.Count);
        Assert.Equal(Events.Select(e => NexmarkJson.ToJson(e)).Order(StringComparer.Ordinal), shuffled.Select(e => NexmarkJson.ToJson(e)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ReordersAndIsReproducible()
    {
        List<NexmarkEvent> a = EventShuffler.ShuffleWithinBound(Events, 100, 7);
        Assert.Equal(a, EventShuffler.ShuffleWithinBound(Events, 100, 7));
        Assert.NotEqual(Events, a);
        Assert.NotEqual(a, EventShuffler.ShuffleWithinBound(Events, 100, 8));
        Assert.Contains(a.Zip(a.Skip(1)), pair => pair.Second.DateTime < pair.First.DateTime - 50);
    }

    [Fact]
    public void RejectsANonPositiveBound()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => EventShuffler.ShuffleWithinBound(Events, 0, 1));
    }
}
