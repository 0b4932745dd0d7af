using System.Collections.Concurrent;
using Compiled.Checkpointing.Storage;
using Compiled.Execution;
using Compiled.Execution.Checkpoints;

namespace Compiled.Cluster;

/// <summary>
/// Triggers periodic checkpoints by injecting barriers at the sources, collects every task's snapshot, completes the
/// checkpoint (writing <c>_metadata</c> last) and then tells the tasks, so two-phase-commit sinks commit. Tasks only
/// capture their state (the heap shares it copy-on-write); it is serialized, written and flushed on the coordinator's writer
/// thread, so processing goes on meanwhile. One checkpoint at a time; one that times out, or whose tasks end
/// before acknowledging, is aborted.
/// </summary>
internal sealed class CheckpointCoordinator : IDisposable
{
    private readonly string _jobName;
    private readonly CheckpointConfig? _config;
    private readonly FileCheckpointStorage? _storage;
    private readonly IReadOnlyList<ICheckpointParticipant> _tasks;
    private readonly IReadOnlyList<ICheckpointParticipant> _sources;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly ManualResetEventSlim _stop = new(false);
    private readonly BlockingCollection<(long Id, ICheckpointParticipant Task, IReadOnlyList<(string Uid, OperatorSnapshot Snapshot)> States)> _writes = [];
    private Thread? _thread;
    private Thread? _writer;
    private CheckpointWriter? _pending;
    private HashSet<ICheckpointParticipant>? _waiting;
    private TaskCompletionSource<CompletedCheckpoint>? _savepoint;
    private long _pendingSince;
    private long _pendingStartedTimestamp;
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
        _sources = sources;
        _time = time;
        _nextId = firstId;
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
        _writer = new Thread(WriteLoop) { Name = "checkpoint writer", IsBackground = true };
        _writer.Start();
    }

    /// <summary>Takes a savepoint into <paramref name="directory"/> (waiting for a checkpoint in progress to end first).</summary>
    public Task<CompletedCheckpoint> TriggerSavepoint(string directory)
    {
        for (int attempt = 0; attempt < 1000; attempt++)
        {
            lock (_gate)
            {
                if (_pending is null)
                {
                    if (!_tasks.All(t => t.IsRunning))
                        return Task.FromException<CompletedCheckpoint>(new InvalidOperationException("A savepoint needs every task running; the job is starting or ending."));
                    var completion = new TaskCompletionSource<CompletedCheckpoint>(TaskCreationOptions.RunContinuationsAsynchronously);
                    _savepoint = completion;
                    Begin(new FileCheckpointStorage(directory, retained: int.MaxValue));
                    return completion.Task;
                }
            }
            Thread.Sleep(10);
        }
        return Task.FromException<CompletedCheckpoint>(new TimeoutException("A checkpoint in progress did not end within 10 s; try the savepoint again."));
    }

    private void Begin(FileCheckpointStorage storage)
    {
        long id = _nextId++;
        _pending = storage.Begin(id, _jobName);
        _waiting = [.. _tasks];
        _pendingSince = Now;
        _pendingStartedTimestamp = _time.GetTimestamp();
        foreach (var source in _sources) source.TriggerCheckpoint(id);
    }

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private void Tick()
    {
        lock (_gate)
        {
            if (_pending is not null)
            {
                bool stuck = _waiting!.Any(t => !t.IsRunning);
                if (stuck || Now - _pendingSince > (long)_config!.Timeout.TotalMilliseconds) Abort();
                return;
            }
            if (Now - _lastCompletedAt < (long)_config!.MinPause.TotalMilliseconds) return;
            if (!_tasks.All(t => t.IsRunning)) return; // checkpoints need every task running (not yet started or already finished)
            Begin(_storage!);
        }
    }

    /// <summary>A task's snapshot for checkpoint <paramref name="checkpointId"/>: captured on the task's thread, written on the writer thread.</summary>
    /// <remarks>A cluster worker's subtask acknowledges through its proxy, with the snapshot decoded from the wire.</remarks>
    public void Acknowledge(long checkpointId, ICheckpointParticipant task, IReadOnlyList<(string Uid, OperatorSnapshot Snapshot)> snapshots) =>
        _writes.Add((checkpointId, task, snapshots));

    /// <summary>Whether checkpoint <paramref name="checkpointId"/> is a savepoint (tasks then write keyed state in the canonical format).</summary>
    public bool IsSavepoint(long checkpointId)
    {
        lock (_gate) return _savepoint is not null && _pending?.CheckpointId == checkpointId;
    }

    private void WriteLoop()
    {
        foreach (var (id, task, states) in _writes.GetConsumingEnumerable())
        {
            CheckpointWriter? writer;
            lock (_gate) writer = _pending?.CheckpointId == id ? _pending : null;
            if (writer is null)
            {
                SnapshotWriting.Discard(states); // aborted meanwhile
                continue;
            }
            try
            {
                foreach (var (uid, snapshot) in states) SnapshotWriting.Write(writer, uid, task.SubtaskIndex, snapshot);
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or UnauthorizedAccessException)
            {
                SnapshotWriting.Discard(states); // the task's captures are released even for the operators not written yet
                lock (_gate) if (_pending == writer) Abort(); // a checkpoint that cannot be written is abandoned, not fatal
                continue;
            }
            lock (_gate)
            {
                if (_pending != writer) continue;
                _waiting!.Remove(task);
                if (_waiting.Count > 0) continue;
                var completed = _pending.Complete(Now, _savepoint is null ? "checkpoint" : "savepoint");
                if (_savepoint is null)
                {
                    var handles = completed.Metadata.States;
                    long bytes = handles.Sum(h => h.Length + (h.Files?.Sum(f => f.Length) ?? 0));
                    _history.Add(new CheckpointStatistics(id, _time.GetElapsedTime(_pendingStartedTimestamp), bytes, handles.Count));
                }
                _savepoint?.TrySetResult(completed);
                _savepoint = null;
                _pending = null;
                _waiting = null;
                _lastCompletedAt = Now;
                Completed++;
                foreach (var t in _tasks) t.NotifyCheckpointComplete(id);
            }
        }
    }

    private void Abort()
    {
        _pending?.Abort();
        _savepoint?.TrySetException(new InvalidOperationException("The savepoint was aborted: a task ended or it timed out before every task acknowledged it."));
        _savepoint = null;
        _pending = null;
        _waiting = null;
    }

    public void Dispose()
    {
        _stop.Set();
        _thread?.Join();
        _writes.CompleteAdding();
        _writer?.Join();
        lock (_gate) Abort();
        _stop.Dispose();
        _writes.Dispose();
    }
}
