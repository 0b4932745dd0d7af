using System.Collections.Concurrent;
using Compiled.Checkpointing.Storage;
using Compiled.Execution;
using Compiled.Execution.Checkpoints;

namespace Compiled.Cluster;

/// <summary>
/// Triggers periodic checkpoints by injecting barriers at the sources, collects every task's snapshot, completes the
/// checkpoint (writing <c>_metadata</c> last) and then tells the tasks, so two-phase-commit sinks commit. Tasks only
/// capture their state (the heap shares it copy-on-write); it is serialized, written and flushed on the coordinator's
/// writer thread, so processing goes on meanwhile. Up to <see cref="CheckpointConfig.MaxConcurrent"/> checkpoints are
/// pending at once; one that times out, or whose tasks end before acknowledging, is aborted, and a completed one
/// subsumes the older ones still pending (their transactions commit with it).
/// </summary>
/// <remarks>
/// Tasks whose input ended report themselves finished (<see cref="ReportFinished"/>): they are triggered directly
/// (their outputs have ended, so no barrier reaches what follows them) and acknowledge as finished. Once a checkpoint
/// they took as finished completed they end, and later checkpoints carry the snapshot of that one for them, so a
/// restore from any later checkpoint knows they had consumed all their input.
/// </remarks>
internal sealed class CheckpointCoordinator : IDisposable
{
    private readonly string _jobName;
    private readonly CheckpointConfig? _config;
    private readonly FileCheckpointStorage? _storage;
    private readonly IReadOnlyList<ICheckpointParticipant> _tasks;
    private readonly HashSet<ICheckpointParticipant> _sources;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly ManualResetEventSlim _stop = new(false);
    private readonly BlockingCollection<Action> _writes = [];
    private readonly SnapshotEncoder _encoder = new(); // the writer thread's: its buffers are reused by every snapshot
    private readonly SortedDictionary<long, PendingCheckpoint> _pending = [];
    private readonly HashSet<ICheckpointParticipant> _finishing = [];
    private readonly Dictionary<ICheckpointParticipant, IReadOnlyList<(string Uid, OperatorSnapshot Snapshot)>> _ended = [];
    private Thread? _thread;
    private Thread? _writer;
    private readonly List<CheckpointStatistics> _history = [];
    private long _lastCompletedAt = long.MinValue / 2;
    private long _nextId;

    public CheckpointCoordinator(string jobName, CheckpointConfig? config, FileCheckpointStorage? storage,
        IReadOnlyList<ICheckpointParticipant> tasks, IReadOnlyList<ICheckpointParticipant> sources, TimeProvider time, long firstId)
    {
        _jobName = jobName;
        _config = config;
        _storage = storage;
        _tasks = tasks;
        _sources = [.. sources];
        _time = time;
        _nextId = firstId;
    }

    /// <summary>One triggered checkpoint (or savepoint) not yet completed or aborted.</summary>
    private sealed class PendingCheckpoint(long id, CheckpointWriter writer, HashSet<ICheckpointParticipant> waiting, long since, long startedTimestamp,
        int concurrent, TaskCompletionSource<CompletedCheckpoint>? savepoint)
    {
        public long Id { get; } = id;
        public CheckpointWriter Writer { get; } = writer;
        public HashSet<ICheckpointParticipant> Waiting { get; } = waiting;
        public long Since { get; } = since;
        public long StartedTimestamp { get; } = startedTimestamp;
        public int Concurrent { get; } = concurrent;
        public TaskCompletionSource<CompletedCheckpoint>? Savepoint { get; } = savepoint;

        /// <summary>Tasks that acknowledged this checkpoint as finished, with their snapshots.</summary>
        public Dictionary<ICheckpointParticipant, IReadOnlyList<(string Uid, OperatorSnapshot Snapshot)>> Finished { get; } = [];
    }

    /// <summary>Checkpoints completed so far.</summary>
    public int Completed { get; private set; }

    /// <summary>Duration and size of the checkpoints completed so far (savepoints excluded), oldest first.</summary>
    public IReadOnlyList<CheckpointStatistics> History
    {
        get { lock (_gate) return [.. _history]; }
    }

    /// <summary>
    /// Starts triggering on a dedicated thread: a thread-pool timer could starve while the pool is busy, and a
    /// checkpoint trigger that never fires is a silent loss of fault tolerance.
    /// </summary>
    public void Start()
    {
        if (_config is { } config)
        {
            _thread = new Thread(() =>
            {
                while (!_stop.Wait(config.Interval)) Tick();
            })
            { Name = "checkpoint coordinator", IsBackground = true };
            _thread.Start();
        }
        _writer = new Thread(() =>
        {
            foreach (var write in _writes.GetConsumingEnumerable()) write();
        })
        { Name = "checkpoint writer", IsBackground = true };
        _writer.Start();
    }

    /// <summary>Takes a savepoint into <paramref name="directory"/> (waiting for checkpoints in progress to end first).</summary>
    public Task<CompletedCheckpoint> TriggerSavepoint(string directory)
    {
        for (int attempt = 0; attempt < 1000; attempt++)
        {
            lock (_gate)
            {
                if (_pending.Count == 0)
                {
                    if (!_tasks.All(t => t.IsRunning))
                        return Task.FromException<CompletedCheckpoint>(new InvalidOperationException("A savepoint needs every task running; the job is starting or ending."));
                    var completion = new TaskCompletionSource<CompletedCheckpoint>(TaskCreationOptions.RunContinuationsAsynchronously);
                    Begin(new FileCheckpointStorage(directory, retained: int.MaxValue), completion);
                    return completion.Task;
                }
            }
            Thread.Sleep(10);
        }
        return Task.FromException<CompletedCheckpoint>(new TimeoutException("A checkpoint in progress did not end within 10 s; try the savepoint again."));
    }

    private void Begin(FileCheckpointStorage storage, TaskCompletionSource<CompletedCheckpoint>? savepoint = null)
    {
        long id = _nextId++;
        var pending = new PendingCheckpoint(id, storage.Begin(id, _jobName), [.. _tasks], Now, _time.GetTimestamp(), _pending.Count, savepoint);
        _pending[id] = pending;
        foreach (var task in _tasks)
        {
            if (_ended.TryGetValue(task, out var states)) _writes.Add(() => Write(id, task, states));
            else if (_sources.Contains(task) || _finishing.Contains(task)) task.TriggerCheckpoint(id);
        }
    }

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private void Tick()
    {
        lock (_gate)
        {
            foreach (var pending in _pending.Values.ToList())
            {
                bool stuck = pending.Waiting.Any(t => !t.IsRunning && !_finishing.Contains(t) && !_ended.ContainsKey(t));
                if (stuck || Now - pending.Since > (long)_config!.Timeout.TotalMilliseconds) Abort(pending);
            }
            if (_pending.Count >= _config!.MaxConcurrent || _pending.Values.Any(p => p.Savepoint is not null)) return;
            // A pause after the last checkpoint is measured from its end, so it also waits for the ones in progress (as Flink does).
            if (_config.MinPause > TimeSpan.Zero && _pending.Count > 0) return;
            if (Now - _lastCompletedAt < (long)_config.MinPause.TotalMilliseconds) return;
            if (!CanCheckpoint()) return;
            Begin(_storage!);
        }
    }

    /// <summary>Every task runs or has finished (none is still starting), and some task still waits for a checkpoint.</summary>
    private bool CanCheckpoint() =>
        _tasks.All(t => t.IsRunning || _finishing.Contains(t) || _ended.ContainsKey(t)) && _ended.Count < _tasks.Count;

    /// <summary>
    /// Task <paramref name="task"/> consumed all its input and ended its outputs: it takes the pending checkpoints as
    /// finished now, and every later one until one it took completes. When no task runs any more, the final
    /// checkpoint starts at once rather than after the interval.
    /// </summary>
    public void ReportFinished(ICheckpointParticipant task)
    {
        lock (_gate)
        {
            _finishing.Add(task);
            foreach (var pending in _pending.Values)
                if (pending.Waiting.Contains(task)) task.TriggerCheckpoint(pending.Id); // the task ignores one it took already
            if (_config is not null && _pending.Count == 0 && _tasks.All(t => _finishing.Contains(t) || _ended.ContainsKey(t)) && CanCheckpoint())
                Begin(_storage!);
        }
    }

    /// <summary>A task's snapshot for checkpoint <paramref name="checkpointId"/>: captured on the task's thread, written on the writer thread.</summary>
    /// <remarks>A cluster worker's subtask acknowledges through its proxy, with the snapshot decoded from the wire.</remarks>
    public void Acknowledge(long checkpointId, ICheckpointParticipant task, IReadOnlyList<(string Uid, OperatorSnapshot Snapshot)> snapshots) =>
        _writes.Add(() => Write(checkpointId, task, snapshots));

    /// <summary>Whether checkpoint <paramref name="checkpointId"/> is a savepoint (tasks then write keyed state in the canonical format).</summary>
    public bool IsSavepoint(long checkpointId)
    {
        lock (_gate) return _pending.TryGetValue(checkpointId, out var pending) && pending.Savepoint is not null;
    }

    /// <summary>Writes one acknowledgement (on the writer thread) and completes the checkpoint when it was the last.</summary>
    private void Write(long id, ICheckpointParticipant task, IReadOnlyList<(string Uid, OperatorSnapshot Snapshot)> states)
    {
        PendingCheckpoint? pending;
        lock (_gate) pending = _pending.TryGetValue(id, out var p) && p.Waiting.Contains(task) ? p : null;
        if (pending is null)
        {
            SnapshotWriting.Discard(states); // aborted meanwhile
            return;
        }
        try
        {
            foreach (var (uid, snapshot) in states) SnapshotWriting.Write(pending.Writer, uid, task.SubtaskIndex, snapshot, _encoder);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            SnapshotWriting.Discard(states); // the task's captures are released even for the operators not written yet
            lock (_gate) if (_pending.GetValueOrDefault(id) == pending) Abort(pending); // a checkpoint that cannot be written is abandoned, not fatal
            return;
        }
        lock (_gate)
        {
            if (_pending.GetValueOrDefault(id) != pending) return;
            pending.Waiting.Remove(task);
            if (states.Count > 0 && states.All(s => s.Snapshot.IsFinished)) pending.Finished[task] = states;
            if (pending.Waiting.Count == 0) Complete(pending);
        }
    }

    private void Complete(PendingCheckpoint pending)
    {
        long id = pending.Id;
        var completed = pending.Writer.Complete(Now, pending.Savepoint is null ? "checkpoint" : "savepoint");
        _pending.Remove(id);
        if (pending.Savepoint is null)
        {
            var handles = completed.Metadata.States;
            long bytes = handles.Sum(h => h.Length + (h.Files?.Sum(f => f.Length) ?? 0));
            _history.Add(new CheckpointStatistics(id, _time.GetElapsedTime(pending.StartedTimestamp), bytes, handles.Count)
            {
                ConcurrentAtTrigger = pending.Concurrent,
            });
        }
        pending.Savepoint?.TrySetResult(completed);
        // Older checkpoints still pending are subsumed: this one covers everything they would have.
        foreach (var older in _pending.Values.Where(p => p.Id < id).ToList()) Abort(older);
        var endedBefore = _ended.Keys.ToHashSet();
        foreach (var (task, states) in pending.Finished)
        {
            _finishing.Remove(task);
            _ended[task] = states; // the task ends once told; later checkpoints record it with this snapshot
        }
        _lastCompletedAt = Now;
        Completed++;
        foreach (var t in _tasks)
            if (!endedBefore.Contains(t)) t.NotifyCheckpointComplete(id);
    }

    private void Abort(PendingCheckpoint pending)
    {
        _pending.Remove(pending.Id);
        pending.Writer.Abort(deleteSharedFiles: false);
        // Shared files are released on the writer thread: it alone copies them, so none is half-copied for another checkpoint.
        var others = _pending.Values.Select(p => p.Writer).ToList();
        _writes.Add(() => pending.Writer.DeleteUnreferencedSharedFiles(name => others.Any(w => w.HasCopiedShared(name))));
        pending.Savepoint?.TrySetException(new InvalidOperationException("The savepoint was aborted: a task ended or it timed out before every task acknowledged it."));
    }

    public void Dispose()
    {
        _stop.Set();
        _thread?.Join();
        lock (_gate)
            foreach (var pending in _pending.Values.ToList()) Abort(pending);
        _writes.CompleteAdding();
        _writer?.Join();
        _stop.Dispose();
        _writes.Dispose();
    }
}
