using Compiled.Connectors;
using Compiled.Execution.Checkpoints;
using Compiled.EventTime;
using Compiled.Network;

namespace Compiled.Execution.Operators;

/// <summary>
/// Head of a source task: polls the reader, assigns timestamps, runs one watermark generator per
/// split and emits the minimum watermark over active splits. Splits without records for the idle
/// timeout are excluded; when all are idle the source reports idle so it holds nobody back.
/// </summary>
public sealed class SourceOperator<T> : StreamOperator<T>, ISourceOperator, ICheckpointedOperator
{
    private readonly ISource<T> source;
    private readonly WatermarkStrategy<T> strategy;
    private readonly MalformedRecordPolicy malformedPolicy;
    private readonly double maxRecordsPerSecond;
    private readonly Dictionary<int, Split> _splits = [];
    private readonly List<(long CheckpointId, byte[] Position)> _uncompleted = [];
    private ISourceReader<T>? _reader;
    private Outputs? _outputs;
    private long _emitted = long.MinValue;
    private long _openedAt;
    private long _collected;
    private long _rateStart;
    private bool _idle;
    private OutputSpace<T> _pending; // records of the current poll, written in place and emitted as one batch
    private int _pendingCount;
    private bool _reserved;

    /// <summary>Creates the source operator.</summary>
    /// <param name="source">The source.</param>
    /// <param name="strategy">Timestamps and watermarks.</param>
    /// <param name="malformedPolicy">What to do with malformed records.</param>
    /// <param name="maxRecordsPerSecond">Cap on the records this subtask emits per second; infinity for none.</param>
    public SourceOperator(ISource<T> source, WatermarkStrategy<T> strategy, MalformedRecordPolicy malformedPolicy, double maxRecordsPerSecond = double.PositiveInfinity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRecordsPerSecond);
        this.source = source;
        this.strategy = strategy;
        this.malformedPolicy = malformedPolicy;
        this.maxRecordsPerSecond = maxRecordsPerSecond;
    }

    /// <summary>Number of malformed records sent to the dead-letter output.</summary>
    public long DeadLetterCount { get; private set; }

    /// <inheritdoc />
    public IInputProcessor CreateInputProcessor() => new SourceInputProcessor<T>(this);

    /// <summary>Whether the source ends.</summary>
    public Boundedness Boundedness => source.Boundedness;

    /// <inheritdoc />
    public override void Open()
    {
        _outputs = new Outputs(this);
        _openedAt = Setup.ProcessingTime.CurrentTime;
        _reader = source.CreateReader(new SourceReaderContext(Setup.Name, Setup.SubtaskIndex, Setup.Parallelism));
        _rateStart = System.Diagnostics.Stopwatch.GetTimestamp();
    }

    /// <summary>Reads one batch and emits the resulting watermark or idle status.</summary>
    public InputStatus Poll()
    {
        if (AheadOfRate())
        {
            EmitPeriodic();
            return InputStatus.NothingAvailable; // the task waits ~1 ms, serving checkpoints and timers meanwhile
        }
        var status = _reader!.PollNext(_outputs!);
        EmitPending();
        if (status == InputStatus.EndOfInput)
        {
            foreach (var split in _splits.Values) split.Finished = true;
            if (source.Boundedness == Boundedness.Bounded) Advance(Watermarks.Max);
            return status;
        }
        EmitPeriodic();
        return status;
    }

    /// <summary>Adds a record to the poll's batch; a full batch is emitted at once.</summary>
    private void Append(in T value, long timestamp)
    {
        if (!_reserved)
        {
            _pending = Output.Reserve();
            _pendingCount = 0;
            _reserved = true;
        }
        _pending.ValueArray[_pending.Start + _pendingCount] = value;
        _pending.TimestampArray[_pending.Start + _pendingCount] = timestamp;
        if (++_pendingCount == _pending.Length) EmitPending();
    }

    /// <summary>Emits the records collected since the last call (before any watermark, side output or barrier).</summary>
    private void EmitPending()
    {
        if (!_reserved) return;
        _reserved = false;
        Output.Commit(_pendingCount);
    }

    /// <summary>Whether the records emitted so far exceed the rate cap for the time since open (a batch may overshoot it).</summary>
    private bool AheadOfRate() =>
        !double.IsPositiveInfinity(maxRecordsPerSecond) &&
        _collected > maxRecordsPerSecond * System.Diagnostics.Stopwatch.GetElapsedTime(_rateStart).TotalSeconds;

    private void EmitPeriodic()
    {
        long now = Setup.ProcessingTime.CurrentTime;
        long min = long.MaxValue;
        bool anyActive = false;
        foreach (var split in _splits.Values)
        {
            if (split.Finished) continue;
            split.Generator?.OnPeriodicEmit(split);
            if (split.HadRecords)
            {
                split.HadRecords = false;
                split.LastActive = now;
                split.Idle = false;
            }
            else if (strategy.IdleTimeout is { } timeout && now - split.LastActive >= (long)timeout.TotalMilliseconds)
            {
                split.Idle = true;
            }
            if (split.Idle) continue;
            anyActive = true;
            if (split.Watermark < min) min = split.Watermark;
        }
        if (!anyActive)
        {
            // A reader without any split (more subtasks than partitions) is idle once the timeout has passed since open.
            if (!_idle && strategy.IdleTimeout is { } idleTimeout && (_splits.Count > 0 || now - _openedAt >= (long)idleTimeout.TotalMilliseconds))
            {
                _idle = true;
                Output.EmitWatermarkStatus(true);
            }
            return;
        }
        if (_idle)
        {
            _idle = false;
            Output.EmitWatermarkStatus(false);
        }
        if (strategy.HasWatermarks) Advance(min);
    }

    private void Advance(long watermark)
    {
        if (watermark <= _emitted) return;
        _emitted = watermark;
        CurrentWatermark = watermark;
        Output.EmitWatermark(watermark);
    }

    /// <inheritdoc />
    public override void Close() => _reader?.Dispose();

    /// <inheritdoc />
    public void SnapshotState(long checkpointId, OperatorSnapshot snapshot)
    {
        EmitPending();
        byte[] position = (_reader as ICheckpointedSourceReader ?? throw NotCheckpointable()).SnapshotPosition();
        snapshot.OperatorState = position;
        if (_reader is ICheckpointListeningSourceReader)
        {
            _uncompleted.RemoveAll(p => p.CheckpointId >= checkpointId); // ids restart after a restore
            _uncompleted.Add((checkpointId, position));
        }
    }

    /// <inheritdoc />
    public void NotifyCheckpointComplete(long checkpointId)
    {
        if (_reader is not ICheckpointListeningSourceReader listener) return;
        // Only the newest completed position matters; older pending ones (aborted checkpoints) are covered by it.
        int index = _uncompleted.FindLastIndex(p => p.CheckpointId <= checkpointId);
        if (index < 0) return;
        var (id, position) = _uncompleted[index];
        _uncompleted.RemoveRange(0, index + 1);
        if (id == checkpointId) listener.NotifyCheckpointComplete(checkpointId, position);
    }

    /// <inheritdoc />
    public void RestoreState(RestoredState state)
    {
        if (state.PreviousParallelism == 0) return;
        if (state.PreviousParallelism == Setup.Parallelism)
        {
            if (state.OperatorState is { } position) (_reader as ICheckpointedSourceReader ?? throw NotCheckpointable()).RestorePosition(position);
            return;
        }
        var rescalable = _reader as IRescalableSourceReader ?? throw new NotSupportedException(
            $"Source '{Setup.Name}' was checkpointed at parallelism {state.PreviousParallelism} and cannot redistribute its read positions: " +
            $"restore it at parallelism {state.PreviousParallelism}, not {Setup.Parallelism}.");
        rescalable.RestorePositions(state.PreviousParallelism, state.OperatorStates);
    }

    private NotSupportedException NotCheckpointable() => new(
        $"Source '{Setup.Name}' ({source.GetType().Name}) cannot checkpoint its read position, so the job cannot run with checkpoints: " +
        "use a source that supports them (files, collections, the Nexmark generator) or turn checkpointing off.");

    private sealed class Split(SourceOperator<T> op, IWatermarkGenerator<T>? generator, long now) : SplitOutput<T>, IWatermarkOutput
    {
        private readonly Func<T, long>? _assigner = op.strategy.TimestampAssigner;
        public readonly IWatermarkGenerator<T>? Generator = generator;
        public long Watermark = long.MinValue;
        public long LastActive = now;
        public bool HadRecords, Idle, Finished;

        public override void Collect(in T value, long timestamp = long.MinValue)
        {
            long ts = _assigner is null ? timestamp : _assigner(value);
            Generator?.OnEvent(value, ts, this);
            HadRecords = true;
            op._collected++;
            op.Append(value, ts);
        }

        public override void MarkActive() => HadRecords = true;

        public void EmitWatermark(long watermark)
        {
            if (watermark > Watermark) Watermark = watermark;
        }

        public void MarkIdle() => Idle = true;
    }

    private sealed class Outputs(SourceOperator<T> op) : SourceOutput<T>
    {
        public override SplitOutput<T> Split(int splitId)
        {
            if (!op._splits.TryGetValue(splitId, out var split))
            {
                split = new Split(op, op.strategy.GeneratorFactory?.Invoke(), op.Setup.ProcessingTime.CurrentTime);
                op._splits.Add(splitId, split);
            }
            return split;
        }

        public override void FinishSplit(int splitId)
        {
            if (op._splits.TryGetValue(splitId, out var split)) split.Finished = true;
        }

        public override void DeadLetter(DeadLetter letter)
        {
            if (op.malformedPolicy == MalformedRecordPolicy.Fail)
                throw new InvalidDataException($"Malformed record in {letter.Source} at {letter.Position}: {letter.Reason}");
            op.DeadLetterCount++;
            op.EmitPending();
            op.Output.CollectSide(Compiled.Connectors.DeadLetter.Tag, letter, long.MinValue);
        }
    }
}

/// <summary>Untyped view of a source operator, for deployment and metrics.</summary>
public interface ISourceOperator
{
    /// <summary>Number of malformed records sent to the dead-letter output.</summary>
    long DeadLetterCount { get; }

    /// <summary>The input processor that drives this source in its task.</summary>
    IInputProcessor CreateInputProcessor();
}
