namespace Compiled.Execution.Checkpoints;

/// <summary>
/// Aligns checkpoint barriers over a task's input channels (exactly-once): a channel that delivered barrier N is
/// not read again until every other open channel delivered it too; then the task snapshots and the channels resume.
/// Finished channels count as aligned. A newer barrier abandons an older, incomplete alignment. In at-least-once mode
/// no channel is held back, so a channel may deliver the next barrier before the others delivered this one: each
/// checkpoint in progress is counted on its own, and the task snapshots for it when the last channel delivers its
/// barrier (in order; one completing while an older one still misses a channel subsumes the older).
/// </summary>
internal sealed class BarrierAligner(int channels, Action<long> onAligned, CheckpointingMode mode = CheckpointingMode.ExactlyOnce)
{
    private readonly bool[] _blocked = new bool[channels];
    private readonly bool[] _ended = new bool[channels];
    private long _pending = -1;
    private long _lastAligned = -1;
    private readonly SortedDictionary<long, bool[]>? _unaligned = mode == CheckpointingMode.AtLeastOnce ? new() : null; // by checkpoint id

    /// <summary>Whether channel <paramref name="channel"/> waits for the others.</summary>
    public bool IsBlocked(int channel) => mode == CheckpointingMode.ExactlyOnce && _blocked[channel];

    /// <summary>Channel <paramref name="channel"/> delivered barrier <paramref name="checkpointId"/>.</summary>
    public void OnBarrier(int channel, long checkpointId)
    {
        if (_unaligned is { } open)
        {
            if (checkpointId <= _lastAligned) return; // of a subsumed checkpoint
            if (!open.TryGetValue(checkpointId, out var seen)) open[checkpointId] = seen = new bool[channels];
            seen[channel] = true;
            CompleteCounted(open);
            return;
        }
        if (checkpointId <= _lastAligned || checkpointId < _pending) return; // barrier of an abandoned checkpoint
        if (checkpointId > _pending)
        {
            Array.Clear(_blocked);
            _pending = checkpointId;
        }
        _blocked[channel] = true;
        CompleteIfAligned();
    }

    /// <summary>Channel <paramref name="channel"/> delivered end-of-partition.</summary>
    public void OnEnded(int channel)
    {
        _ended[channel] = true;
        _blocked[channel] = false;
        if (_unaligned is { } open) CompleteCounted(open);
        else if (_pending >= 0) CompleteIfAligned();
    }

    /// <summary>At least once: snapshots for the newest checkpoint every open channel delivered, dropping older ones.</summary>
    private void CompleteCounted(SortedDictionary<long, bool[]> open)
    {
        long complete = -1;
        foreach (var (id, seen) in open)
        {
            bool all = true;
            for (int i = 0; i < seen.Length && all; i++) all = seen[i] || _ended[i];
            if (all) complete = id;
        }
        if (complete < 0) return;
        foreach (long id in open.Keys.Where(id => id <= complete).ToList())
        {
            open.Remove(id);
            if (id == complete)
            {
                _lastAligned = id;
                onAligned(id);
            }
        }
    }

    private void CompleteIfAligned()
    {
        for (int i = 0; i < _blocked.Length; i++)
            if (!_blocked[i] && !_ended[i]) return;
        long id = _pending;
        _pending = -1;
        _lastAligned = id;
        Array.Clear(_blocked);
        onAligned(id);
    }
}
