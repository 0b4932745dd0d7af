using Compiled.Functions;
using Compiled.Network;

namespace Compiled.Execution;

/// <summary>Where an operator emits records, watermarks and side outputs.</summary>
/// <remarks>
/// Besides one record at a time (<see cref="Collect"/>), records can be emitted a batch at a time
/// (<see cref="CollectBatch"/>) or written in place: <see cref="Reserve"/> hands out slots (the next exchange
/// batch's free tail when the output writes to one channel, otherwise a scratch buffer) and <see cref="Commit"/>
/// emits the first <c>count</c> of them. Fused chains use the latter, so they make no call per record.
/// </remarks>
public abstract class Output<T>
{
    /// <summary>Slots in the scratch buffer of <see cref="Reserve"/>: the exchange batch size.</summary>
    public const int ScratchCapacity = 512;

    private T[]? _scratch;
    private long[]? _scratchTimestamps;

    /// <summary>Emits a record with its event timestamp.</summary>
    public abstract void Collect(in T value, long timestamp);

    /// <summary>Emits records with their timestamps, in order. The default emits them one by one.</summary>
    public virtual void CollectBatch(ReadOnlySpan<T> values, ReadOnlySpan<long> timestamps)
    {
        for (int i = 0; i < values.Length; i++) Collect(values[i], timestamps[i]);
    }

    /// <summary>
    /// Slots (at least one) to write records and timestamps into; nothing is emitted until <see cref="Commit"/>,
    /// and nothing else may be emitted to this output in between.
    /// </summary>
    public virtual OutputSpace<T> Reserve()
    {
        _scratch ??= new T[ScratchCapacity];
        _scratchTimestamps ??= new long[ScratchCapacity];
        return new OutputSpace<T>(_scratch, _scratchTimestamps, 0, ScratchCapacity);
    }

    /// <summary>Emits the first <paramref name="count"/> slots of the last <see cref="Reserve"/>.</summary>
    public virtual void Commit(int count)
    {
        if (count == 0 || _scratch is null) return;
        CollectBatch(_scratch.AsSpan(0, count), _scratchTimestamps.AsSpan(0, count));
        if (System.Runtime.CompilerServices.RuntimeHelpers.IsReferenceOrContainsReferences<T>()) Array.Clear(_scratch, 0, count);
    }

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

    /// <summary>Handles records in order, as <see cref="ProcessElement"/> would one by one (an exchange batch, a source poll).</summary>
    void ProcessBatch(ReadOnlySpan<T> values, ReadOnlySpan<long> timestamps);

    /// <summary>Handles an advanced watermark.</summary>
    void ProcessWatermark(long watermark);

    /// <summary>Handles an idle/active status change of the input.</summary>
    void ProcessWatermarkStatus(bool idle);
}

/// <summary>Passes records to the next operator of the chain as a plain call.</summary>
internal sealed class ChainedOutput<T>(IInput<T> next) : Output<T>
{
    public override void Collect(in T value, long timestamp) => next.ProcessElement(value, timestamp);
    public override void CollectBatch(ReadOnlySpan<T> values, ReadOnlySpan<long> timestamps) => next.ProcessBatch(values, timestamps);
    public override void EmitWatermark(long watermark) => next.ProcessWatermark(watermark);
    public override void EmitWatermarkStatus(bool idle) => next.ProcessWatermarkStatus(idle);
    public override void CollectSide<TSide>(OutputTag<TSide> tag, in TSide value, long timestamp) { }
}

/// <summary>Writes records to an exchange toward other tasks.</summary>
internal sealed class WriterOutput<T>(RecordWriter<T> writer) : Output<T>
{
    public RecordWriter<T> Writer => writer;
    public override void Collect(in T value, long timestamp) => writer.Emit(value, timestamp);
    public override OutputSpace<T> Reserve() => writer.TryReserve(out var space) ? space : base.Reserve();
    public override void Commit(int count)
    {
        if (writer.WritesInPlace) writer.Commit(count);
        else base.Commit(count);
    }
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

    public override void CollectBatch(ReadOnlySpan<T> values, ReadOnlySpan<long> timestamps)
    {
        foreach (var o in _main) o.CollectBatch(values, timestamps);
    }

    public override OutputSpace<T> Reserve() => _single is not null ? _single.Reserve() : base.Reserve();

    public override void Commit(int count)
    {
        if (_single is not null) _single.Commit(count);
        else base.Commit(count);
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

    public override void CollectBatch(ReadOnlySpan<T> values, ReadOnlySpan<long> timestamps)
    {
        foreach (var o in outputs) o.CollectBatch(values, timestamps);
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
