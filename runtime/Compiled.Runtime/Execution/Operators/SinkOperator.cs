using Compiled.Connectors;

namespace Compiled.Execution.Operators;

/// <summary>Hands records to a sink writer.</summary>
public sealed class SinkOperator<T>(ISink<T> sink) : OneInputOperator<T, T>
{
    private ISinkWriter<T>? _writer;

    /// <inheritdoc />
    public override void Open() => _writer = sink.CreateWriter(new SinkContext(Setup.Name, Setup.SubtaskIndex, Setup.Parallelism));

    /// <inheritdoc />
    public override void ProcessElement(in T value, long timestamp) => _writer!.Write(value, timestamp);

    /// <inheritdoc />
    public override void ProcessWatermark(long watermark) => CurrentWatermark = watermark;

    /// <inheritdoc />
    public override void ProcessWatermarkStatus(bool idle) { }

    /// <inheritdoc />
    public override void Finish() => _writer!.Finish();

    /// <inheritdoc />
    public override void Close() => _writer?.Dispose();
}
