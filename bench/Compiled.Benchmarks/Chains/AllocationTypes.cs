using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Compiled.Benchmarks.Chains;

/// <summary>
/// Samples what a run allocates: the runtime reports an AllocationTick about every 100 KB allocated, naming the type
/// of the object that crossed the threshold, so the counts are proportional to bytes allocated per type. The listener's
/// own dispatch allocates too (its event arguments and payloads), which shows as a few ticks of its types.
/// </summary>
internal sealed class AllocationTypes : EventListener
{
    private readonly ConcurrentQueue<(DateTime Time, string Type)> _ticks = new();

    /// <summary>Types by ticks sampled between <paramref name="from"/> and <paramref name="to"/> (UTC), most first.</summary>
    public IEnumerable<(string Type, int Ticks)> Top(int count, DateTime from, DateTime to) =>
        _ticks.Where(t => t.Time >= from && t.Time <= to).GroupBy(t => t.Type)
            .Select(g => (g.Key, g.Count())).OrderByDescending(t => t.Item2).Take(count);

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1); // GC keyword
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || e.Payload is null || e.PayloadNames is null) return;
        int index = e.PayloadNames.IndexOf("TypeName");
        if (index >= 0 && e.Payload[index] is string type) _ticks.Enqueue((e.TimeStamp.ToUniversalTime(), type));
    }
}
