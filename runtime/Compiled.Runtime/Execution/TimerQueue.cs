namespace Compiled.Execution;

/// <summary>
/// Timers of one time domain, due in timestamp order, with set semantics (a timer exists once; deletion is exact).
/// Timers are grouped by timestamp: a window's timers all fall on its end, one per key, so registering one is a set
/// insertion and firing walks its group instead of sifting a heap once per timer. Within a timestamp the order is
/// the group's (not part of the contract).
/// </summary>
internal sealed class TimerQueue<TKey, TNamespace> where TKey : notnull where TNamespace : notnull
{
    private readonly Dictionary<long, HashSet<InternalTimer<TKey, TNamespace>>> _groups = [];
    private readonly PriorityQueue<long, long> _times = new(); // each timestamp that has a group, once
    private readonly Stack<HashSet<InternalTimer<TKey, TNamespace>>> _spare = new(); // drained groups, reused with their capacity
    private readonly List<InternalTimer<TKey, TNamespace>> _firing = []; // the due group's timers, taken one by one
    private HashSet<InternalTimer<TKey, TNamespace>>? _firingGroup;
    private int _next;
    private long _firingTime;
    private long _lastTime = long.MinValue;
    private HashSet<InternalTimer<TKey, TNamespace>>? _lastGroup; // registrations come in runs of one timestamp

    /// <summary>Live timers.</summary>
    public int Count { get; private set; }

    /// <summary>The live timers now, as an array the queue no longer touches.</summary>
    public InternalTimer<TKey, TNamespace>[] Snapshot()
    {
        var timers = new InternalTimer<TKey, TNamespace>[Count];
        int at = 0;
        foreach (var group in _groups.Values)
        {
            group.CopyTo(timers, at);
            at += group.Count;
        }
        return timers;
    }

    /// <summary>Adds <paramref name="timer"/>; false when it exists already.</summary>
    public bool Add(in InternalTimer<TKey, TNamespace> timer)
    {
        if (!GroupOf(timer.Timestamp, create: true)!.Add(timer)) return false;
        Count++;
        return true;
    }

    /// <summary>Removes <paramref name="timer"/> if it exists.</summary>
    public void Remove(in InternalTimer<TKey, TNamespace> timer)
    {
        if (GroupOf(timer.Timestamp, create: false)?.Remove(timer) == true) Count--;
    }

    /// <summary>Takes the next timer due at or before <paramref name="time"/>: the earliest timestamp's group first.</summary>
    public bool TryTakeDue(long time, out InternalTimer<TKey, TNamespace> timer)
    {
        while (true)
        {
            if (_firingGroup is not null)
            {
                // A callback registered an earlier timer: it goes first. The rest of this group stays in it, for later.
                if (_times.Peek() < _firingTime) Release();
                else
                {
                    // The group's timers were copied out; each one still in the group fires (a callback may delete one).
                    while (_next < _firing.Count)
                    {
                        timer = _firing[_next++];
                        if (!_firingGroup.Remove(timer)) continue;
                        Count--;
                        return true;
                    }
                    if (_firingGroup.Count > 0) // timers a callback registered at the firing timestamp
                    {
                        CopyOut(_firingGroup);
                        continue;
                    }
                    Release();
                }
            }
            if (!TryPeekTime(out long next) || next > time)
            {
                timer = default;
                return false;
            }
            _firingGroup = _groups[next];
            _firingTime = next;
            CopyOut(_firingGroup);
        }
    }

    /// <summary>The earliest timestamp with a live timer.</summary>
    public bool TryPeekTime(out long time)
    {
        while (_times.TryPeek(out time, out _))
        {
            var group = _groups[time];
            if (group.Count > 0) return true;
            if (group == _firingGroup) return true; // being fired (a callback asks): removed once released
            _times.Dequeue();
            _groups.Remove(time);
            Recycle(group);
        }
        time = 0;
        return false;
    }

    private void CopyOut(HashSet<InternalTimer<TKey, TNamespace>> group)
    {
        _firing.Clear();
        _firing.AddRange(group); // a collection: copied into the list's array, no allocation once it is large enough
        _next = 0;
    }

    /// <summary>
    /// Stops firing the group (drained, or an earlier timer came). Its timestamp leaves the queue lazily, once its group
    /// is empty at the top (<see cref="TryPeekTime"/>): the top need not be this group's timestamp.
    /// </summary>
    private void Release()
    {
        _firingGroup = null;
        _firing.Clear();
    }

    private void Recycle(HashSet<InternalTimer<TKey, TNamespace>> group)
    {
        if (group == _lastGroup) _lastGroup = null;
        group.Clear();
        if (_spare.Count < 4) _spare.Push(group);
    }

    private HashSet<InternalTimer<TKey, TNamespace>>? GroupOf(long time, bool create)
    {
        if (time == _lastTime && _lastGroup is not null) return _lastGroup;
        if (!_groups.TryGetValue(time, out var group))
        {
            if (!create) return null;
            group = _spare.Count > 0 ? _spare.Pop() : new HashSet<InternalTimer<TKey, TNamespace>>(TimerIdentity.Instance);
            _groups.Add(time, group);
            _times.Enqueue(time, time);
        }
        _lastTime = time;
        _lastGroup = group;
        return group;
    }

    /// <summary>Timers of one group share their timestamp, and the key decides the key group: key and namespace identify one.</summary>
    private sealed class TimerIdentity : IEqualityComparer<InternalTimer<TKey, TNamespace>>
    {
        public static readonly TimerIdentity Instance = new();

        public bool Equals(InternalTimer<TKey, TNamespace> x, InternalTimer<TKey, TNamespace> y) =>
            EqualityComparer<TKey>.Default.Equals(x.Key, y.Key) && EqualityComparer<TNamespace>.Default.Equals(x.Namespace, y.Namespace);

        public int GetHashCode(InternalTimer<TKey, TNamespace> timer) => HashCode.Combine(timer.Key, timer.Namespace);
    }
}
