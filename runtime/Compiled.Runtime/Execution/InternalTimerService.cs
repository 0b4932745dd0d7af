using Compiled.Execution.Checkpoints;
using Compiled.State;
using Compiled.State.Snapshots;

namespace Compiled.Execution;

/// <summary>A timer of one key and namespace.</summary>
/// <param name="Timestamp">When it fires (event time or processing time).</param>
/// <param name="Key">The key it belongs to.</param>
/// <param name="KeyGroup">Key group of <paramref name="Key"/>.</param>
/// <param name="Namespace">The namespace (window) it belongs to.</param>
public readonly record struct InternalTimer<TKey, TNamespace>(long Timestamp, TKey Key, int KeyGroup, TNamespace Namespace);

/// <summary>
/// Event-time and processing-time timers of a keyed operator. A timer per (key, namespace, timestamp)
/// exists once: registering it again is a no-op. Timers fire in timestamp order, with the key set as
/// the backend's current key, on the task's thread.
/// </summary>
public sealed class InternalTimerService<TKey, TNamespace> where TKey : notnull where TNamespace : notnull
{
    private readonly KeyedStateBackend<TKey> _backend;
    private readonly IProcessingTimeService _processingTime;
    private readonly Action<InternalTimer<TKey, TNamespace>> _onEventTime;
    private readonly Action<InternalTimer<TKey, TNamespace>> _onProcessingTime;
    private readonly TimerQueue<TKey, TNamespace> _eventTimers = new();
    private readonly TimerQueue<TKey, TNamespace> _processingTimers = new();
    private long _scheduled = long.MaxValue;

    /// <summary>Creates a timer service whose timers call back into the owning operator.</summary>
    public InternalTimerService(KeyedStateBackend<TKey> backend, IProcessingTimeService processingTime,
        Action<InternalTimer<TKey, TNamespace>> onEventTime, Action<InternalTimer<TKey, TNamespace>> onProcessingTime)
    {
        _backend = backend;
        _processingTime = processingTime;
        _onEventTime = onEventTime;
        _onProcessingTime = onProcessingTime;
    }

    /// <summary>Current processing time.</summary>
    public long CurrentProcessingTime => _processingTime.CurrentTime;

    /// <summary>Number of registered event-time timers.</summary>
    public int EventTimerCount => _eventTimers.Count;

    /// <summary>Number of registered processing-time timers.</summary>
    public int ProcessingTimerCount => _processingTimers.Count;

    private InternalTimer<TKey, TNamespace> Timer(TNamespace ns, long time) => new(time, _backend.CurrentKey, _backend.CurrentKeyGroup, ns);

    /// <summary>Registers an event-time timer for the current key.</summary>
    public void RegisterEventTimeTimer(TNamespace ns, long time) => _eventTimers.Add(Timer(ns, time));

    /// <summary>Deletes an event-time timer of the current key.</summary>
    public void DeleteEventTimeTimer(TNamespace ns, long time) => _eventTimers.Remove(Timer(ns, time));

    /// <summary>Registers a processing-time timer for the current key.</summary>
    public void RegisterProcessingTimeTimer(TNamespace ns, long time)
    {
        if (_processingTimers.Add(Timer(ns, time)) && time < _scheduled)
        {
            _scheduled = time;
            _processingTime.Schedule(time, OnProcessingTime);
        }
    }

    /// <summary>Deletes a processing-time timer of the current key.</summary>
    public void DeleteProcessingTimeTimer(TNamespace ns, long time) => _processingTimers.Remove(Timer(ns, time));

    /// <summary>
    /// Captures the timers at a barrier (an array copy of each queue's live timers: timers never change); the capture
    /// serializes them later, on any thread, into what checkpoints store for every key group that has any: event-time
    /// then processing-time timers, each as (timestamp, key, namespace). Key groups restore into whichever subtask owns them.
    /// </summary>
    internal CapturedTimers<TKey, TNamespace> CaptureByKeyGroup()
    {
        var keys = StateSerializers.Get<TKey>("timers (key)"); // on the task thread: a missing serializer fails the checkpoint here
        var namespaces = StateSerializers.Get<TNamespace>("timers (namespace)");
        return new CapturedTimers<TKey, TNamespace>(keys, namespaces, _eventTimers.Snapshot(), _processingTimers.Snapshot());
    }

    /// <summary>Restores the timers of one key group written by <see cref="CaptureByKeyGroup"/>.</summary>
    public void RestoreKeyGroup(int keyGroup, ReadOnlySpan<byte> snapshot)
    {
        var keys = StateSerializers.Get<TKey>("timers (key)");
        var namespaces = StateSerializers.Get<TNamespace>("timers (namespace)");
        var reader = new SnapshotReader(snapshot);
        for (int kind = 0; kind < 2; kind++)
        {
            long count = reader.ReadVarLong();
            for (long i = 0; i < count; i++)
            {
                long timestamp = reader.ReadVarLong();
                var timer = new InternalTimer<TKey, TNamespace>(timestamp, keys.Read(ref reader), keyGroup, namespaces.Read(ref reader));
                if (kind == 0) _eventTimers.Add(timer);
                else if (_processingTimers.Add(timer) && timestamp < _scheduled)
                {
                    _scheduled = timestamp;
                    _processingTime.Schedule(timestamp, OnProcessingTime);
                }
            }
        }
        if (!reader.End) throw new InvalidDataException($"Timers of key group {keyGroup}: {snapshot.Length - reader.Position} unread bytes.");
    }

    /// <summary>Fires all event-time timers at or before <paramref name="watermark"/>.</summary>
    public void AdvanceWatermark(long watermark)
    {
        while (_eventTimers.TryTakeDue(watermark, out var timer))
        {
            _backend.SetCurrentKey(timer.Key, timer.KeyGroup);
            _onEventTime(timer);
        }
    }

    private void OnProcessingTime(long scheduledTime)
    {
        if (scheduledTime != _scheduled) return; // superseded by an earlier schedule
        _scheduled = long.MaxValue;
        // Timers before the current millisecond are due: records processed from now on read a later time. Timers of
        // the current millisecond wait, as records of that millisecond may still come (a window must not fire twice).
        long now = Math.Max(_processingTime.CurrentTime - 1, scheduledTime);
        while (_processingTimers.TryTakeDue(now, out var timer))
        {
            _backend.SetCurrentKey(timer.Key, timer.KeyGroup);
            _onProcessingTime(timer);
        }
        if (_processingTimers.TryPeekTime(out long next) && next < _scheduled)
        {
            _scheduled = next;
            _processingTime.Schedule(next, OnProcessingTime);
        }
    }
}
