using Compiled.Execution.Checkpoints;
using Compiled.Functions;
using Compiled.Serialization;
using Compiled.State;
using Compiled.State.Heap;
using Compiled.Windowing;

namespace Compiled.Execution.Operators;

/// <summary>Configuration of a window operator beyond its functions.</summary>
/// <param name="AllowedLateness">How long after the watermark passes a window's end late records still update it (ms).</param>
/// <param name="LateDataTag">Side output for records too late for every window; null drops them (counted).</param>
public sealed record WindowOptions<TIn>(long AllowedLateness, OutputTag<TIn>? LateDataTag);

/// <summary>
/// Keyed windows as Flink's WindowOperator: assigns records to windows, keeps per (key, window)
/// contents in keyed state, asks the trigger when to emit, merges session windows, handles allowed
/// lateness and late data, and cleans up each window's state at its cleanup time.
/// </summary>
public sealed class WindowOperator<TKey, TIn, TAcc, TResult, TOut, TWindow> : OneInputOperator<TIn, TOut>, ICheckpointedOperator
    where TKey : notnull where TWindow : struct, IWindow
{
    private static readonly ValueStateDescriptor<List<TWindow>> MergingWindowsDescriptor = new("window-merging-set");
    private static readonly ListStateDescriptor<TAcc> ContentsDescriptor = new("window-contents");

    private readonly WindowAssigner<TWindow> _assigner;
    private readonly MergingWindowAssigner<TWindow>? _merging;
    private readonly Trigger<TWindow> _trigger;
    private readonly bool _eventTimeTrigger; // the default event-time trigger: its only effect on a live window is its timer
    private readonly bool _endTimerOnly; // ... and, on event-time windows that neither merge nor allow lateness, that timer also cleans the window up
    private readonly WindowContents<TIn, TAcc, TResult> _contents;
    private readonly InternalWindowFunction<TResult, TOut, TKey, TWindow> _function;
    private readonly IKeySelector<TIn, TKey> _keySelector;
    private readonly KeySerializer<TKey> _keySerializer;
    private readonly WindowOptions<TIn> _options;
    private readonly List<TWindow> _assigned = [];
    private readonly List<TWindow> _mergedAway = [];

    private KeyedStateBackend<TKey>? _backend;
    private KeyedStateTable<TWindow, TAcc>? _table;
    private StateTable<TKey, TWindow, TAcc>? _heapTable; // heap fast path: update the accumulator in place
    private KeyedStateTable<VoidNamespace, List<TWindow>>? _mergingSets;
    private InternalTimerService<TKey, TWindow>? _timers;
    private Context? _context;
    private TimestampedCollector<TOut>? _collector;

    /// <summary>Creates the operator.</summary>
    public WindowOperator(WindowAssigner<TWindow> assigner, Trigger<TWindow> trigger, WindowContents<TIn, TAcc, TResult> contents,
        InternalWindowFunction<TResult, TOut, TKey, TWindow> function, IKeySelector<TIn, TKey> keySelector, KeySerializer<TKey> keySerializer,
        WindowOptions<TIn> options)
    {
        _assigner = assigner;
        _merging = assigner as MergingWindowAssigner<TWindow>;
        if (_merging is not null && !trigger.CanMerge)
            throw new ArgumentException($"Trigger {trigger.GetType().Name} cannot be used with merging (session) windows.", nameof(trigger));
        if (options.AllowedLateness < 0)
            throw new ArgumentOutOfRangeException(nameof(options), $"Allowed lateness must not be negative, was {options.AllowedLateness} ms.");
        _trigger = trigger;
        _eventTimeTrigger = trigger is EventTimeTrigger;
        _endTimerOnly = _eventTimeTrigger && assigner.IsEventTime && _merging is null && options.AllowedLateness == 0;
        _contents = contents;
        _function = function;
        _keySelector = keySelector;
        _keySerializer = keySerializer;
        _options = options;
    }

    /// <summary>Records dropped because they were late for all their windows and no late-data output was set.</summary>
    public long LateRecordsDropped { get; private set; }

    /// <summary>The keyed state backend (for tests and metrics).</summary>
    public KeyedStateBackend<TKey> Backend => _backend!;

    /// <summary>Registered event-time timers (for tests and metrics).</summary>
    public int EventTimerCount => _timers!.EventTimerCount;

    /// <inheritdoc />
    public override void Open()
    {
        _backend = Setup.CreateKeyedBackend(_keySerializer);
        var contents = _contents;
        _table = _backend.GetTable<TWindow, TAcc>(ContentsDescriptor, () => contents.Serializer(ContentsDescriptor.Name));
        _heapTable = _table as StateTable<TKey, TWindow, TAcc>; // GetOrAdd hands out the table's own accumulator (copied while a snapshot shares it)
        _mergingSets = _backend.GetTable<VoidNamespace, List<TWindow>>(MergingWindowsDescriptor,
            static () => new State.Snapshots.ListStateSerializer<TWindow>(State.Snapshots.StateSerializers.Get<TWindow>(MergingWindowsDescriptor.Name)));
        _timers = new InternalTimerService<TKey, TWindow>(_backend, Setup.ProcessingTime, OnEventTime, OnProcessingTime);
        _context = new Context(this, _backend.ForNamespace<TWindow>());
        _collector = new TimestampedCollector<TOut>(Output);
        if (_function.UserFunction is { } user) OpenFunction(user, _backend.ForNamespace<VoidNamespace>());
    }

    /// <inheritdoc />
    public override void Close()
    {
        try { _function.UserFunction?.Close(); }
        finally { _backend?.Dispose(); }
    }

    /// <inheritdoc />
    public void SnapshotState(long checkpointId, OperatorSnapshot snapshot) => KeyedSnapshots.Write(checkpointId, _backend!, _timers!, snapshot);

    /// <inheritdoc />
    public void RestoreState(RestoredState state) => KeyedSnapshots.Restore(_backend!, _timers!, state);

    /// <inheritdoc />
    public void NotifyCheckpointComplete(long checkpointId) => _backend!.NotifyCheckpointComplete(checkpointId);

    /// <inheritdoc />
    public override void ProcessElement(in TIn value, long timestamp)
    {
        _backend!.SetCurrentKey(_keySelector.GetKey(value));
        _assigned.Clear();
        // Reading the clock costs more than assigning a tumbling window: event-time assigners are not given it.
        _assigner.AssignWindows(timestamp, _assigner.IsEventTime ? 0 : Setup.ProcessingTime.CurrentTime, _assigned);

        bool skipped = true;
        List<TWindow>? mergingSet = _merging is null ? null : _mergingSets!.TryGet(VoidNamespace.Instance, out var set) ? set : [];
        foreach (var assigned in _assigned)
        {
            var window = mergingSet is null ? assigned : AddToMergingSet(mergingSet, assigned);
            if (IsWindowLate(window))
            {
                if (mergingSet is not null) ClearAllState(window, mergingSet);
                continue;
            }
            skipped = false;

            bool existed;
            if (_heapTable is not null)
            {
                ref var entry = ref _heapTable.GetOrAdd(window, out existed);
                entry.Value = existed ? _contents.Add(value, entry.Value) : _contents.Create(value);
            }
            else
            {
                existed = _table!.TryGet(window, out var accumulator);
                _table.Put(window, existed ? _contents.Add(value, accumulator!) : _contents.Create(value));
            }

            // A window with contents got its trigger and cleanup timers with its first record; until its end passes, the
            // default trigger would only register the same timers again (two set lookups per record and window).
            if (existed && _eventTimeTrigger && mergingSet is null && window.MaxTimestamp > CurrentWatermark) continue;
            _context!.CurrentWindow = window;
            Handle(window, _trigger.OnElement(timestamp, window, _context));
            // The default trigger just registered the window's end, which is its cleanup time without allowed lateness.
            if (_endTimerOnly && window.MaxTimestamp > CurrentWatermark) continue;
            RegisterCleanupTimer(window);
        }
        if (mergingSet is not null)
        {
            if (mergingSet.Count > 0) _mergingSets!.Put(VoidNamespace.Instance, mergingSet);
            else _mergingSets!.Remove(VoidNamespace.Instance);
        }

        if (skipped && IsElementLate(timestamp))
        {
            if (_options.LateDataTag is { } tag) Output.CollectSide(tag, value, timestamp);
            else LateRecordsDropped++;
        }
    }

    /// <inheritdoc />
    protected override void OnWatermark(long watermark) => _timers!.AdvanceWatermark(watermark);

    private void OnEventTime(InternalTimer<TKey, TWindow> timer) => OnTimer(timer, eventTime: true);

    private void OnProcessingTime(InternalTimer<TKey, TWindow> timer) => OnTimer(timer, eventTime: false);

    private void OnTimer(InternalTimer<TKey, TWindow> timer, bool eventTime)
    {
        var window = timer.Namespace;
        if (eventTime && _endTimerOnly && timer.Timestamp == window.MaxTimestamp)
        {
            // The default trigger fires at the window's end, which is also its cleanup time and its only timer: emit and
            // drop the window with one lookup and one removal (the general path below takes three and a timer deletion).
            _context!.CurrentWindow = window;
            if (_table!.TryGet(window, out var contents))
            {
                _collector!.Timestamp = window.MaxTimestamp;
                _function.Process(_backend!.CurrentKey, _contents.Result(contents), _context, _collector);
                _table.Remove(window);
            }
            return;
        }
        List<TWindow>? mergingSet = null;
        if (_merging is not null)
        {
            if (!_mergingSets!.TryGet(VoidNamespace.Instance, out mergingSet) || !mergingSet.Contains(window)) return; // merged away
        }
        _context!.CurrentWindow = window;
        if (_table!.Contains(window))
        {
            var result = eventTime
                ? _trigger.OnEventTime(timer.Timestamp, window, _context)
                : _trigger.OnProcessingTime(timer.Timestamp, window, _context);
            Handle(window, result);
        }
        if (eventTime == _assigner.IsEventTime && timer.Timestamp == CleanupTime(window))
        {
            ClearAllState(window, mergingSet);
            if (mergingSet is not null)
            {
                if (mergingSet.Count > 0) _mergingSets!.Put(VoidNamespace.Instance, mergingSet);
                else _mergingSets!.Remove(VoidNamespace.Instance);
            }
        }
    }

    private void Handle(TWindow window, TriggerResult result)
    {
        if ((result & TriggerResult.Fire) != 0)
        {
            if (_table!.TryGet(window, out var accumulator))
            {
                _collector!.Timestamp = window.MaxTimestamp;
                _function.Process(_backend!.CurrentKey, _contents.Result(accumulator), _context!, _collector);
            }
        }
        if ((result & TriggerResult.Purge) != 0) _table!.Remove(window);
    }

    /// <summary>Adds <paramref name="window"/> to the key's set of session windows, merging it with every window it touches.</summary>
    private TWindow AddToMergingSet(List<TWindow> set, TWindow window)
    {
        var merged = window;
        _mergedAway.Clear();
        foreach (var existing in set)
        {
            if (_merging!.ShouldMerge(existing, window))
            {
                _mergedAway.Add(existing);
                merged = _merging.Merge(merged, existing);
            }
        }
        if (_mergedAway.Count == 0)
        {
            set.Add(window);
            return window;
        }
        if (_mergedAway.Count == 1 && _mergedAway[0].Equals(merged)) return merged; // inside an existing window

        bool hasContents = false;
        TAcc combined = default!;
        foreach (var old in _mergedAway)
        {
            set.Remove(old);
            if (!_table!.TryGet(old, out var accumulator)) continue;
            combined = hasContents ? _contents.Merge(combined, accumulator) : accumulator;
            hasContents = true;
            if (!old.Equals(merged)) _table.Remove(old);
        }
        set.Add(merged);
        if (hasContents) _table!.Put(merged, combined);

        _mergedAway.Remove(merged);
        _context!.CurrentWindow = merged;
        _context.MergedWindows = _mergedAway;
        _trigger.OnMerge(merged, _context);
        _context.MergedWindows = [];
        foreach (var old in _mergedAway)
        {
            _context.CurrentWindow = old;
            _trigger.Clear(old, _context);
            DeleteCleanupTimer(old);
        }
        return merged;
    }

    private void ClearAllState(TWindow window, List<TWindow>? mergingSet)
    {
        _table!.Remove(window);
        _context!.CurrentWindow = window;
        _trigger.Clear(window, _context);
        mergingSet?.Remove(window);
    }

    private long CleanupTime(TWindow window)
    {
        if (!_assigner.IsEventTime) return window.MaxTimestamp;
        long cleanup = window.MaxTimestamp + _options.AllowedLateness;
        return cleanup >= window.MaxTimestamp ? cleanup : long.MaxValue;
    }

    private bool IsWindowLate(TWindow window) => _assigner.IsEventTime && CleanupTime(window) <= CurrentWatermark;

    private bool IsElementLate(long timestamp) => _assigner.IsEventTime && timestamp + _options.AllowedLateness <= CurrentWatermark;

    private void RegisterCleanupTimer(TWindow window)
    {
        long time = CleanupTime(window);
        if (time == long.MaxValue) return;
        if (_assigner.IsEventTime) _timers!.RegisterEventTimeTimer(window, time);
        else _timers!.RegisterProcessingTimeTimer(window, time);
    }

    private void DeleteCleanupTimer(TWindow window)
    {
        long time = CleanupTime(window);
        if (time == long.MaxValue) return;
        if (_assigner.IsEventTime) _timers!.DeleteEventTimeTimer(window, time);
        else _timers!.DeleteProcessingTimeTimer(window, time);
    }

    /// <summary>Trigger context and window context of the current key and window.</summary>
    private sealed class Context(WindowOperator<TKey, TIn, TAcc, TResult, TOut, TWindow> op, NamespacedStateStore<TKey, TWindow> windowState)
        : WindowContext<TWindow>, ITriggerContext
    {
        public TWindow CurrentWindow;
        public List<TWindow> MergedWindows = [];

        public override TWindow Window => CurrentWindow;
        public override long CurrentWatermark => op.CurrentWatermark;
        public override long CurrentProcessingTime => op.Setup.ProcessingTime.CurrentTime;
        public override void Output<T>(OutputTag<T> tag, in T value) => op.Output.CollectSide(tag, value, CurrentWindow.MaxTimestamp);
        public void RegisterEventTimeTimer(long time) => op._timers!.RegisterEventTimeTimer(CurrentWindow, time);
        public void RegisterProcessingTimeTimer(long time) => op._timers!.RegisterProcessingTimeTimer(CurrentWindow, time);
        public void DeleteEventTimeTimer(long time) => op._timers!.DeleteEventTimeTimer(CurrentWindow, time);
        public void DeleteProcessingTimeTimer(long time) => op._timers!.DeleteProcessingTimeTimer(CurrentWindow, time);

        public IKeyedStateStore State
        {
            get
            {
                windowState.SetCurrentNamespace(CurrentWindow);
                return windowState;
            }
        }

        public void MergeReducingState<T>(ReducingStateDescriptor<T> descriptor)
        {
            foreach (var old in MergedWindows)
            {
                windowState.SetCurrentNamespace(old);
                var source = windowState.GetReducingState(descriptor);
                if (!source.HasValue) continue;
                T value = source.Get()!;
                source.Clear();
                windowState.SetCurrentNamespace(CurrentWindow);
                windowState.GetReducingState(descriptor).Add(value);
            }
            windowState.SetCurrentNamespace(CurrentWindow);
        }
    }
}
