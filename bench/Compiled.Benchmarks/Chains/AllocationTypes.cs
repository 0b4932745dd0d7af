using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Compiled.Benchmarks.Chains;

/// <summary>
/// Samples what a run allocates: the runtime reports an AllocationTick about every 100 KB allocated, naming the type
/// of the object that crossed the threshold, so the counts are proportional to bytes allocated per type.
/// </summary>
internal sealed class AllocationTypes : EventListener
{
    private readonly ConcurrentDictionary<string, int> _ticks = new();

    /// <summary>Types by sampled ticks, most first.</summary>
    public IEnumerable<(string Type, int Ticks)> Top(int count) =>
        _ticks.OrderByDescending(t => t.Value).Take(count).Select(t => (t.Key, t.Value));

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1); // GC keyword
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || e.Payload is null || e.PayloadNames is null) return;
        int index = e.PayloadNames.IndexOf("TypeName");
        if (index >= 0 && e.Payload[index] is string type) _ticks.AddOrUpdate(type, 1, static (_, n) => n + 1);
    }
}
