using Compiled.Connectors;
using Compiled.Execution.Operators;
using Compiled.Network;

namespace Compiled.Execution;

/// <summary>Reads a task's input: one unit of work (a batch) per call.</summary>
public interface IInputProcessor
{
    /// <summary>Processes at most one batch.</summary>
    InputStatus ProcessInput();
}

/// <summary>Reads one input channel into an operator input.</summary>
public interface IInputReader
{
    /// <summary>Whether the channel delivered end-of-partition.</summary>
    bool Ended { get; }

    /// <summary>Processes one batch if one is waiting.</summary>
    bool TryProcessBatch();

    /// <summary>Called with the checkpoint id when the channel delivers a barrier.</summary>
    Action<long>? OnBarrier { get; set; }

    /// <summary>Called when the channel delivers end-of-partition.</summary>
    Action? OnEnded { get; set; }
}

/// <summary>Delivers one channel's batches to an operator input, combining watermarks through the input's valve.</summary>
public sealed class ChannelReader<T>(LocalChannel<T> channel, IInput<T> target, WatermarkValve valve, int valveIndex) : IInputReader
{
    /// <inheritdoc />
    public bool Ended { get; private set; }

    /// <inheritdoc />
    public Action<long>? OnBarrier { get; set; }

    /// <inheritdoc />
    public Action? OnEnded { get; set; }

    /// <inheritdoc />
    public bool TryProcessBatch()
    {
        if (!channel.TryReceive(out var batch)) return false;
        if (batch.Count > 0) target.ProcessBatch(batch.Values.AsSpan(0, batch.Count), batch.Timestamps.AsSpan(0, batch.Count));
        long combined;
        switch (batch.Control)
        {
            case ControlKind.Watermark:
                if (valve.OnWatermark(valveIndex, batch.ControlValue, out combined)) target.ProcessWatermark(combined);
                break;
            case ControlKind.Idle:
            case ControlKind.Active:
                var change = valve.OnStatus(valveIndex, batch.Control == ControlKind.Idle, out bool advanced, out combined);
                if (advanced) target.ProcessWatermark(combined);
                if (change is { } idle) target.ProcessWatermarkStatus(idle);
                break;
            case ControlKind.EndOfPartition:
                Ended = true;
                if (valve.OnEndOfPartition(valveIndex, out combined)) target.ProcessWatermark(combined);
                channel.Recycle(batch);
                OnEnded?.Invoke();
                return true;
            case ControlKind.Barrier:
                long checkpointId = batch.ControlValue;
                channel.Recycle(batch);
                OnBarrier?.Invoke(checkpointId);
                return true;
        }
        channel.Recycle(batch);
        return true;
    }
}

/// <summary>Round-robin over the task's input channels; channels waiting for barrier alignment are skipped.</summary>
internal sealed class NetworkInputProcessor(IInputReader[] readers) : IInputProcessor
{
    private int _next;
    private Checkpoints.BarrierAligner? _aligner;

    /// <summary>Aligns barriers over the readers (or, at least once, only counts them) and calls <paramref name="onAligned"/> when all delivered one.</summary>
    public void EnableCheckpoints(Action<long> onAligned, Checkpoints.CheckpointingMode mode)
    {
        var aligner = new Checkpoints.BarrierAligner(readers.Length, onAligned, mode);
        for (int i = 0; i < readers.Length; i++)
        {
            int channel = i;
            readers[i].OnBarrier = id => aligner.OnBarrier(channel, id);
            readers[i].OnEnded = () => aligner.OnEnded(channel);
        }
        _aligner = aligner;
    }

    public InputStatus ProcessInput()
    {
        int n = readers.Length;
        bool allEnded = true;
        for (int k = 0; k < n; k++)
        {
            int i = (_next + k) % n;
            var reader = readers[i];
            if (reader.Ended) continue;
            allEnded = false;
            if (_aligner is not null && _aligner.IsBlocked(i)) continue;
            if (reader.TryProcessBatch())
            {
                _next = i + 1;
                return InputStatus.MoreAvailable;
            }
        }
        return allEnded ? InputStatus.EndOfInput : InputStatus.NothingAvailable;
    }
}

/// <summary>Polls the source operator at the head of a source task.</summary>
internal sealed class SourceInputProcessor<T>(SourceOperator<T> source) : IInputProcessor
{
    public InputStatus ProcessInput() => source.Poll();
}
