using System.Collections.Concurrent;
using Compiled.Checkpointing.Storage;
using Compiled.Execution;
using Compiled.Execution.Checkpoints;

namespace Compiled.Cluster;

/// <summary>
/// Triggers periodic checkpoints by injecting barriers at the sources, collects every task's snapshot, completes the
/// checkpoint (writing <c>_metadata</c> last) and then tells the tasks, so two-phase-commit sinks commit. Tasks only
/// capture their state (serialize it in memory); the files are written and flushed on the coordinator's writer
/// thread, so processing goes on while they are. One checkpoint at a time; one that times out, or whose tasks end
/// before acknowledging, is aborted.
/// </summary>
internal sealed class CheckpointCoordinator : IDisposable
{
    private readonly string _jobName;
    private readonly CheckpointConfig _config;
    private readonly FileCheckpointStorage _storage;
    private readonly IReadOnlyList<StreamTask> _tasks;
    private readonly IReadOnlyList<StreamTask> _sources;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly ManualResetEventSlim _stop = new(false);
    private readonly BlockingCollection<(long Id, StreamTask Task, List<(string Uid, byte[] Payload)> States)> _writes = [];
    private Thread? _thread;
    private Thread? _writer;
    private CheckpointWriter? _pending;
    private HashSet<StreamTask>? _waiting;
    private long _pendingSince;
    private long _lastCompletedAt = long.MinValue / 2;
    private long _nextId;

    public CheckpointCoordinator(string jobName, CheckpointConfig config, FileCheckpointStorage storage,
        IReadOnlyList<StreamTask> tasks, IReadOnlyList<StreamTask> sources, TimeProvider time, long firstId)
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

    /// <summary>
    /// Starts triggering on a dedicated thread: a thread-pool timer could starve while the pool is busy, and a
    /// checkpoint trigger that never fires is a silent loss of fault tolerance.
    /// </summary>
    public void Start()
    {
        _thread = new Thread(() =>
        {
            while (!_stop.Wait(_config.Interval)) Tick();
        })
        { Name = "checkpoint coordinator", IsBackground = true };
        _writer = new Thread(WriteLoop) { Name = "checkpoint writer", IsBackground = true };
        _thread.Start();
        _writer.Start();
    }

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private void Tick()
    {
        lock (_gate)
        {
            if (_pending is not null)
            {
                bool stuck = _waiting!.Any(t => !t.IsRunning);
                if (stuck || Now - _pendingSince > (long)_config.Timeout.TotalMilliseconds) Abort();
                return;
            }
            if (Now - _lastCompletedAt < (long)_config.MinPause.TotalMilliseconds) return;
            if (!_tasks.All(t => t.IsRunning)) return; // checkpoints need every task running (not yet started or already finished)
            long id = _nextId++;
            _pending = _storage.Begin(id, _jobName);
            _waiting = [.. _tasks];
            _pendingSince = Now;
            foreach (var source in _sources) source.TriggerCheckpoint(id);
        }
    }

    /// <summary>A task's snapshot for checkpoint <paramref name="checkpointId"/>: captured on the task's thread, written on the writer thread.</summary>
    public void Acknowledge(long checkpointId, StreamTask task, IReadOnlyList<(string Uid, OperatorSnapshot Snapshot)> snapshots) =>
        _writes.Add((checkpointId, task, [.. snapshots.Select(s => (s.Uid, s.Snapshot.Encode()))]));

    private void WriteLoop()
    {
        foreach (var (id, task, states) in _writes.GetConsumingEnumerable())
        {
            CheckpointWriter? writer;
            lock (_gate) writer = _pending?.CheckpointId == id ? _pending : null;
            if (writer is null) continue; // aborted meanwhile
            try
            {
                foreach (var (uid, payload) in states) writer.WriteState(uid, task.SubtaskIndex, payload);
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or UnauthorizedAccessException)
            {
                lock (_gate) if (_pending == writer) Abort(); // a checkpoint that cannot be written is abandoned, not fatal
                continue;
            }
            lock (_gate)
            {
                if (_pending != writer) continue;
                _waiting!.Remove(task);
                if (_waiting.Count > 0) continue;
                _pending.Complete(Now);
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
