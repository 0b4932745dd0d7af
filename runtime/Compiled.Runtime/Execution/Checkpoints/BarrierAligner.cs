namespace Compiled.Execution.Checkpoints;

/// <summary>
/// Aligns checkpoint barriers over a task's input channels (exactly-once): a channel that delivered barrier N is
/// not read again until every other open channel delivered it too; then the task snapshots and the channels resume.
/// Finished channels count as aligned. A newer barrier abandons an older, incomplete alignment. In at-least-once mode
/// no channel is held back: the task snapshots when the last channel delivers the barrier.
/// </summary>
internal sealed class BarrierAligner(int channels, Action<long> onAligned, CheckpointingMode mode = CheckpointingMode.ExactlyOnce)
{
    private readonly bool[] _blocked = new bool[channels];
    private readonly bool[] _ended = new bool[channels];
    private long _pending = -1;
    private long _lastAligned = -1;

    /// <summary>Whether channel <paramref name="channel"/> waits for the others.</summary>
    public bool IsBlocked(int channel) => mode == CheckpointingMode.ExactlyOnce && _blocked[channel];

    /// <summary>Channel <paramref name="channel"/> delivered barrier <paramref name="checkpointId"/>.</summary>
    public void OnBarrier(int channel, long checkpointId)
    {
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
        if (_pending >= 0) CompleteIfAligned();
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
