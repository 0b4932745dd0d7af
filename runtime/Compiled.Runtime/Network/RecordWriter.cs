namespace Compiled.Network;

/// <summary>
/// Writes one producer subtask's records to the channels of one downstream edge: appends them to a
/// batch per channel and sends full batches. Watermarks and end-of-partition flush and travel in-band.
/// </summary>
public sealed class RecordWriter<T>
{
    private readonly LocalChannel<T>[] _channels;
    private readonly StreamBatch<T>?[] _current;
    private readonly StreamPartitioner<T> _partitioner;
    private readonly CancellationToken _cancellation;

    /// <summary>Creates a writer over <paramref name="channels"/>.</summary>
    public RecordWriter(LocalChannel<T>[] channels, StreamPartitioner<T> partitioner, CancellationToken cancellation)
    {
        _channels = channels;
        _current = new StreamBatch<T>?[channels.Length];
        _partitioner = partitioner;
        _cancellation = cancellation;
    }

    /// <summary>Routes one record.</summary>
    public void Emit(in T value, long timestamp)
    {
        if (_partitioner.IsBroadcast)
        {
            for (int c = 0; c < _channels.Length; c++) Append(c, value, timestamp);
            return;
        }
        Append(_channels.Length == 1 ? 0 : _partitioner.SelectChannel(value, _channels.Length), value, timestamp);
    }

    private void Append(int channel, in T value, long timestamp)
    {
        var batch = _current[channel] ??= _channels[channel].RentBatch();
        batch.Values[batch.Count] = value;
        batch.Timestamps[batch.Count] = timestamp;
        if (++batch.Count == batch.Values.Length)
        {
            _current[channel] = null;
            _channels[channel].Send(batch, _cancellation);
        }
    }

    /// <summary>Whether records are written straight into the one channel's batch (<see cref="TryReserve"/>).</summary>
    public bool WritesInPlace => _channels.Length == 1 && !_partitioner.IsBroadcast;

    /// <summary>The free tail of the one channel's current batch (at least one slot), when <see cref="WritesInPlace"/>.</summary>
    public bool TryReserve(out OutputSpace<T> space)
    {
        if (!WritesInPlace)
        {
            space = default;
            return false;
        }
        var batch = _current[0] ??= _channels[0].RentBatch();
        space = new OutputSpace<T>(batch.Values, batch.Timestamps, batch.Count, batch.Values.Length - batch.Count);
        return true;
    }

    /// <summary>Adds the first <paramref name="count"/> reserved slots to the batch; sends it when full.</summary>
    public void Commit(int count)
    {
        if (count == 0) return;
        var batch = _current[0]!;
        batch.Count += count;
        if (batch.Count == batch.Values.Length)
        {
            _current[0] = null;
            _channels[0].Send(batch, _cancellation);
        }
    }

    /// <summary>Sends all partially filled batches (called when the task goes idle, bounding latency).</summary>
    public void Flush()
    {
        for (int c = 0; c < _channels.Length; c++)
        {
            if (_current[c] is { } batch)
            {
                _current[c] = null;
                _channels[c].Send(batch, _cancellation);
            }
        }
    }

    /// <summary>Sends a control event to every channel, after the records already written.</summary>
    public void BroadcastControl(ControlKind kind, long value = 0)
    {
        for (int c = 0; c < _channels.Length; c++)
        {
            var batch = _current[c] ?? _channels[c].RentBatch();
            _current[c] = null;
            batch.Control = kind;
            batch.ControlValue = value;
            _channels[c].Send(batch, _cancellation);
        }
    }
}
