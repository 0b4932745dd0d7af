namespace Nexmark.Tests.Reference;

// Inside the namespace so these types win over any same-named types in the samples' Nexmark namespace.
using Compiled.Connectors.Nexmark;

/// <summary>Reorders events within a lateness bound, to test out-of-order input.</summary>
public static class EventShuffler
{
    /// <summary>
    /// A seeded permutation of <paramref name="events"/> in which every event's timestamp is &gt;=
    /// (largest timestamp before it) - (<paramref name="boundMillis"/> - 1). So a watermark of
    /// <c>maxSeen - boundMillis</c> never makes an event late. Each event is delayed by a random
    /// 0 .. boundMillis - 1 ms and the events are sorted by that delayed time (ties in random order):
    /// anything emitted before an event e has timestamp &lt;= e's delayed time &lt;= e.DateTime + boundMillis - 1.
    /// </summary>
    public static List<NexmarkEvent> ShuffleWithinBound(IReadOnlyList<NexmarkEvent> events, long boundMillis, int seed)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentOutOfRangeException.ThrowIfLessThan(boundMillis, 1L);
        var random = new Random(seed);
        return events
            .Select(e => (Event: e, Key: e.DateTime + random.NextInt64(boundMillis), Tie: random.Next()))
            .OrderBy(x => x.Key)
            .ThenBy(x => x.Tie)
            .Select(x => x.Event)
            .ToList();
    }
}
