using Compiled.State.Snapshots;

namespace Compiled.Execution.Checkpoints;

/// <summary>
/// The timers of an operator instance captured at a barrier (arrays the timer queues no longer touch), written per key
/// group later, on the checkpoint writer thread: event-time then processing-time timers, each list as its count and
/// (timestamp, key, namespace) in timestamp order. Sorting the arrays by key group once lets every key group be written
/// straight into the caller's buffer, without a per-group copy.
/// </summary>
internal sealed class CapturedTimers<TKey, TNamespace>(StateSerializer<TKey> keys, StateSerializer<TNamespace> namespaces,
    InternalTimer<TKey, TNamespace>[] eventTimers, InternalTimer<TKey, TNamespace>[] processingTimers)
    where TKey : notnull where TNamespace : notnull
{
    private static readonly Comparison<InternalTimer<TKey, TNamespace>> ByGroupThenTime = static (a, b) =>
        a.KeyGroup != b.KeyGroup ? a.KeyGroup.CompareTo(b.KeyGroup) : a.Timestamp.CompareTo(b.Timestamp);

    private bool _sorted;

    /// <summary>Appends the timers of <paramref name="keyGroup"/>; returns false (writing nothing) when it has none.</summary>
    public bool WriteKeyGroup(int keyGroup, SnapshotWriter output)
    {
        if (!_sorted)
        {
            Array.Sort(eventTimers, ByGroupThenTime);
            Array.Sort(processingTimers, ByGroupThenTime);
            _sorted = true;
        }
        var events = OfGroup(eventTimers, keyGroup);
        var processing = OfGroup(processingTimers, keyGroup);
        if (events.IsEmpty && processing.IsEmpty) return false;
        Write(events, output);
        Write(processing, output);
        return true;
    }

    private void Write(ReadOnlySpan<InternalTimer<TKey, TNamespace>> timers, SnapshotWriter output)
    {
        output.WriteVarLong(timers.Length);
        foreach (ref readonly var timer in timers)
        {
            output.WriteVarLong(timer.Timestamp);
            keys.Write(output, timer.Key);
            namespaces.Write(output, timer.Namespace);
        }
    }

    /// <summary>The timers of <paramref name="keyGroup"/> in an array sorted by key group.</summary>
    private static ReadOnlySpan<InternalTimer<TKey, TNamespace>> OfGroup(InternalTimer<TKey, TNamespace>[] sorted, int keyGroup)
    {
        int start = FirstAtOrAfter(sorted, keyGroup);
        int end = FirstAtOrAfter(sorted, keyGroup + 1);
        return sorted.AsSpan(start, end - start);
    }

    private static int FirstAtOrAfter(InternalTimer<TKey, TNamespace>[] sorted, int keyGroup)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            int mid = (low + high) >>> 1;
            if (sorted[mid].KeyGroup < keyGroup) low = mid + 1;
            else high = mid;
        }
        return low;
    }
}
