using Compiled.Functions;
using Compiled.Network;

namespace Compiled.Execution;

/// <summary>Where an operator emits records, watermarks and side outputs.</summary>
public abstract class Output<T>
{
    /// <summary>Emits a record with its event timestamp.</summary>
    public abstract void Collect(in T value, long timestamp);

    /// <summary>Forwards a watermark to every downstream consumer (including side outputs).</summary>
    public abstract void EmitWatermark(long watermark);

    /// <summary>Forwards an idle/active status change.</summary>
    public abstract void EmitWatermarkStatus(bool idle);

    /// <summary>Emits to the side output named by <paramref name="tag"/> (dropped when nothing consumes it).</summary>
    public abstract void CollectSide<TSide>(OutputTag<TSide> tag, in TSide value, long timestamp);
}

/// <summary>The consuming side of an operator input: records, watermarks and status.</summary>
public interface IInput<T>
{
    /// <summary>Handles one record.</summary>
    void ProcessElement(in T value, long timestamp);

    /// <summary>Handles an advanced watermark.</summary>
    void ProcessWatermark(long watermark);

    /// <summary>Handles an idle/active status change of the input.</summary>
    void ProcessWatermarkStatus(bool idle);
}

/// <summary>Passes records to the next operator of the chain as a plain call.</summary>
internal sealed class ChainedOutput<T>(IInput<T> next) : Output<T>
{
    public override void Collect(in T value, long timestamp) => next.ProcessElement(value, timestamp);
    public override void EmitWatermark(long watermark) => next.ProcessWatermark(watermark);
    public override void EmitWatermarkStatus(bool idle) => next.ProcessWatermarkStatus(idle);
    public override void CollectSide<TSide>(OutputTag<TSide> tag, in TSide value, long timestamp) { }
}

/// <summary>Writes records to an exchange toward other tasks.</summary>
internal sealed class WriterOutput<T>(RecordWriter<T> writer) : Output<T>
{
    public RecordWriter<T> Writer => writer;
    public override void Collect(in T value, long timestamp) => writer.Emit(value, timestamp);
    public override void EmitWatermark(long watermark) => writer.BroadcastControl(ControlKind.Watermark, watermark);
    public override void EmitWatermarkStatus(bool idle) => writer.BroadcastControl(idle ? ControlKind.Idle : ControlKind.Active);
    public override void CollectSide<TSide>(OutputTag<TSide> tag, in TSide value, long timestamp) { }
}

/// <summary>An operator's output: its main consumers plus its side outputs by tag.</summary>
internal sealed class OperatorOutput<T> : Output<T>
{
    private readonly Output<T>[] _main;
    private readonly Output<T>? _single;
    private readonly Dictionary<string, object> _side;
    private readonly List<Action<long>> _sideWatermarks = [];
    private readonly List<Action<bool>> _sideStatus = [];

    public OperatorOutput(Output<T>[] main, Dictionary<string, object> side, IEnumerable<(Action<long> Watermark, Action<bool> Status)> sideForwarders)
    {
        _main = main;
        _single = main.Length == 1 ? main[0] : null;
        _side = side;
        foreach (var (w, s) in sideForwarders)
        {
            _sideWatermarks.Add(w);
            _sideStatus.Add(s);
        }
    }

    public override void Collect(in T value, long timestamp)
    {
        if (_single is not null)
        {
            _single.Collect(value, timestamp);
            return;
        }
        foreach (var o in _main) o.Collect(value, timestamp);
    }

    public override void EmitWatermark(long watermark)
    {
        foreach (var o in _main) o.EmitWatermark(watermark);
        foreach (var w in _sideWatermarks) w(watermark);
    }

    public override void EmitWatermarkStatus(bool idle)
    {
        foreach (var o in _main) o.EmitWatermarkStatus(idle);
        foreach (var s in _sideStatus) s(idle);
    }

    public override void CollectSide<TSide>(OutputTag<TSide> tag, in TSide value, long timestamp)
    {
        if (_side.TryGetValue(tag.Id, out var target)) ((Output<TSide>)target).Collect(value, timestamp);
    }
}

/// <summary>Fans one stream out to several outputs (used for side outputs with several consumers).</summary>
internal sealed class BroadcastingOutput<T>(Output<T>[] outputs) : Output<T>
{
    public override void Collect(in T value, long timestamp)
    {
        foreach (var o in outputs) o.Collect(value, timestamp);
    }

    public override void EmitWatermark(long watermark)
    {
        foreach (var o in outputs) o.EmitWatermark(watermark);
    }

    public override void EmitWatermarkStatus(bool idle)
    {
        foreach (var o in outputs) o.EmitWatermarkStatus(idle);
    }

    public override void CollectSide<TSide>(OutputTag<TSide> tag, in TSide value, long timestamp) { }
}

/// <summary>Adapts an <see cref="Output{T}"/> to <see cref="ICollector{T}"/> with the timestamp of the record being processed.</summary>
public sealed class TimestampedCollector<T>(Output<T> output) : ICollector<T>
{
    /// <summary>Timestamp given to collected records.</summary>
    public long Timestamp;

    /// <inheritdoc />
    public void Collect(in T value) => output.Collect(value, Timestamp);
}
