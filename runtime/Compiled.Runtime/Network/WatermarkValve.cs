namespace Compiled.Network;

/// <summary>
/// Combines the watermarks of all channels of one logical input: the output is the minimum over
/// active channels, idle channels are excluded, finished channels count as +∞. Emits only advances.
/// </summary>
public sealed class WatermarkValve
{
    private readonly long[] _watermarks;
    private readonly bool[] _idle;
    private long _last = long.MinValue;
    private bool _outputIdle;

    /// <summary>Creates a valve over <paramref name="channels"/> channels.</summary>
    public WatermarkValve(int channels)
    {
        _watermarks = new long[channels];
        Array.Fill(_watermarks, long.MinValue);
        _idle = new bool[channels];
    }

    /// <summary>Last emitted combined watermark.</summary>
    public long Current => _last;

    /// <summary>Whether all channels are idle.</summary>
    public bool IsIdle => _outputIdle;

    /// <summary>Records a channel watermark; returns true with the new combined watermark when it advanced.</summary>
    public bool OnWatermark(int channel, long watermark, out long combined)
    {
        if (watermark > _watermarks[channel]) _watermarks[channel] = watermark;
        _idle[channel] = false;
        return Recompute(out combined);
    }

    /// <summary>Marks a channel finished (its watermark becomes +∞).</summary>
    public bool OnEndOfPartition(int channel, out long combined) => OnWatermark(channel, long.MaxValue, out combined);

    /// <summary>Marks a channel idle or active. Returns the change of the combined idle status, if any.</summary>
    public bool? OnStatus(int channel, bool idle, out bool advanced, out long combined)
    {
        _idle[channel] = idle && _watermarks[channel] != long.MaxValue;
        advanced = Recompute(out combined);
        bool allIdle = true;
        for (int i = 0; i < _idle.Length; i++) allIdle &= _idle[i];
        if (allIdle && !_outputIdle && FlushMax(out long max))
        {
            advanced = true;
            combined = max;
        }
        if (allIdle == _outputIdle) return null;
        _outputIdle = allIdle;
        return allIdle;
    }

    /// <summary>Once every channel is idle none can hold the others back: advance to the highest channel watermark (as Flink's valve).</summary>
    private bool FlushMax(out long combined)
    {
        long max = long.MinValue;
        foreach (long w in _watermarks) max = Math.Max(max, w);
        combined = _last;
        if (max <= _last) return false;
        _last = combined = max;
        return true;
    }

    private bool Recompute(out long combined)
    {
        long min = long.MaxValue;
        bool any = false;
        for (int i = 0; i < _watermarks.Length; i++)
        {
            if (_idle[i]) continue;
            any = true;
            if (_watermarks[i] < min) min = _watermarks[i];
        }
        combined = _last;
        if (!any || min <= _last) return false;
        _last = combined = min;
        return true;
    }
}
