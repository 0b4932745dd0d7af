using System.Net;
using Compiled.Cluster.Control;
using Compiled.Cluster.Data;
using Compiled.Cluster.Hosting;
using Compiled.Cluster.Wire;
using Compiled.Execution;
using Compiled.Execution.Checkpoints;
using Microsoft.Extensions.Logging;

namespace Compiled.Cluster.Workers;

/// <summary>
/// One attempt of the job on this worker: the subtasks of the slots it owns, as tasks on threads connected by local
/// channels, plus one data connection per peer worker for the channels that cross. The first failure (a task or a data
/// connection) is reported to the coordinator and cancels the attempt here; the coordinator cancels it everywhere.
/// </summary>
internal sealed class WorkerAttempt
{
    private readonly Deploy _deploy;
    private readonly int _self;
    private readonly ClusterJob _job;
    private readonly ControlSender _control;
    private readonly DataListener _listener;
    private readonly DataPlaneOptions _dataOptions;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _cancel = new();
    private readonly List<Task> _running = [];
    private readonly Lock _gate = new();
    private readonly List<FrameConnection> _connections = [];
    private Dictionary<int, (List<RemoteOutputChannel> Outputs, List<RemoteInputChannel> Inputs)> _peers = [];
    private SubtaskDeployment? _deployment;
    private Timer? _flusher;
    private int _failed;
    private List<(Compiled.Plan.StreamEdge Edge, Compiled.Network.IChannelMetrics[][] Rows)>? _channelRows;
    private readonly Dictionary<(int, int), (long Blocked, long At)> _lastBlocked = [];
    private readonly SavepointIds _savepoints = new();

    public WorkerAttempt(Deploy deploy, int self, ClusterJob job, ControlSender control, DataListener listener, DataPlaneOptions dataOptions, ILogger logger)
    {
        _deploy = deploy;
        _self = self;
        _job = job;
        _control = control;
        _listener = listener;
        _dataOptions = dataOptions;
        _logger = logger;
    }

    public long Attempt => _deploy.Attempt;

    /// <summary>Completes when every local task and data connection of the attempt has stopped.</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    /// <summary>Local subtasks: vertex id, subtask index, task.</summary>
    public IReadOnlyList<(int Vertex, int Subtask, StreamTask Task)> Subtasks { get; private set; } = [];

    /// <summary>Records in/out, backpressure (share of time blocked on output since the last call) and watermark of every local subtask.</summary>
    public MetricsReport CollectMetrics()
    {
        var deployment = _deployment;
        if (deployment is null) return new MetricsReport(Attempt, []);
        _channelRows ??= deployment.Exchanges.Select(e => (e, ((System.Collections.IEnumerable)deployment.Channels[e]).Cast<System.Collections.IEnumerable>()
            .Select(row => row.Cast<Compiled.Network.IChannelMetrics>().ToArray()).ToArray())).ToList();
        long now = System.Diagnostics.Stopwatch.GetTimestamp();
        var list = new List<SubtaskMetrics>();
        foreach (var (vertexId, subtask, task) in Subtasks)
        {
            var vertex = _job.Plan.Vertices[vertexId];
            long recordsIn = 0, recordsOut = 0, blocked = 0;
            foreach (var (edge, rows) in _channelRows)
            {
                if (vertex.Nodes.Contains(edge.Source))
                    foreach (var channel in rows[subtask]) { recordsOut += channel.RecordsSent; blocked += channel.BlockedTicks; }
                if (edge.Target == vertex.Head)
                    for (int p = 0; p < rows.Length; p++)
                        for (int k = 0; k < rows[p].Length; k++)
                            if ((edge.IsForward ? p : k) == subtask) recordsIn += rows[p][k].RecordsSent;
            }
            var key = (vertexId, subtask);
            double backpressure = 0;
            if (_lastBlocked.TryGetValue(key, out var last) && now > last.At)
                backpressure = Math.Clamp((double)(blocked - last.Blocked) / (now - last.At), 0, 1);
            _lastBlocked[key] = (blocked, now);
            long watermark = task.Operators.Count > 0 ? task.Operators[0].CurrentWatermark : long.MinValue;
            list.Add(new SubtaskMetrics(vertexId, subtask, recordsIn, recordsOut, backpressure, watermark));
        }
        return new MetricsReport(Attempt, list);
    }

    /// <summary>Builds the tasks, connects to the peers and starts everything.</summary>
    public void Start()
    {
        var token = _cancel.Token;
        var owners = _deploy.SlotOwners;
        // With checkpoints, subtasks end with a final checkpoint (two-phase-commit sinks commit on it), as in one process.
        bool finalCheckpoint = _job.Config.Checkpointing is not null;
        _deployment = SubtaskDeployment.Create(_job.Plan, _job.Config, (vertex, subtask) => owners[subtask] == _self, token, finalCheckpoint);
        Subtasks = [.. _deployment.Placements.Select(p => (p.Vertex.Id, p.Subtask, p.Task))];
        var binder = RemoteChannelBinder.Bind(_deployment, owners, _self, _savepoints);
        var restore = _deploy.RestoreFrom.Length == 0 ? null
            : LocalCluster.LoadRestore(_job.Config with { RestoreFrom = _deploy.RestoreFrom }, storage: null, _job.Plan);
        var uploader = new SnapshotUploader(Attempt, _job.Config.Checkpointing?.Directory, _control, _logger, token);
        foreach (var (vertex, subtask, task) in Subtasks)
            task.EnableCheckpoints((id, _, snapshots) => uploader.Enqueue(id, vertex, subtask, snapshots), restore is null ? null : restore.For,
                _savepoints.Contains, _job.Config.Checkpointing?.Mode ?? CheckpointingMode.ExactlyOnce,
                finalCheckpoint ? _ => _control.Send(FrameKind.TaskFinishing, w => new SubtaskRef(Attempt, vertex, subtask).Write(w)) : null);

        _peers = binder.Outputs.Select(o => o.Peer).Concat(binder.Inputs.Select(i => i.Peer)).Distinct()
            .ToDictionary(p => p, p => (binder.Outputs.Where(o => o.Peer == p).Select(o => o.Channel).ToList(), binder.Inputs.Where(i => i.Peer == p).Select(i => i.Channel).ToList()));
        _listener.Register(Attempt, OnIncoming);
        foreach (var peer in _peers.Keys.Where(p => p > _self))
        {
            var endpoint = _deploy.Peers.First(e => e.WorkerId == peer);
            var connect = Task.Run(async () =>
            {
                try
                {
                    var connection = await _listener.ConnectAsync(new IPEndPoint(IPAddress.Parse(endpoint.Host), endpoint.Port), Attempt, _self, token).ConfigureAwait(false);
                    await RunConnectionAsync(peer, connection).ConfigureAwait(false);
                }
                catch (Exception ex) when (!token.IsCancellationRequested)
                {
                    Fail(new SubtaskRef(Attempt, SubtaskRef.WorkerLevel, 0), $"data connection to worker {peer} failed: {ex.Message}");
                }
            }, CancellationToken.None);
            lock (_gate) _running.Add(connect);
        }

        var threads = new List<Task>();
        foreach (var (vertex, subtask, task) in Subtasks)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            new Thread(() =>
            {
                try { RunTask(vertex, subtask, task, token); }
                finally { done.TrySetResult(); }
            })
            { Name = task.Name, IsBackground = true }.Start();
            threads.Add(done.Task);
        }
        threads.Add(Task.Run(() => ReportRunning(token), CancellationToken.None));
        long micros = _deploy.FlushTimeoutMicros;
        if (micros > 0)
        {
            var period = TimeSpan.FromMicroseconds(micros);
            _flusher = new Timer(_ => { foreach (var s in Subtasks) s.Task.RequestFlush(); }, null, period, period);
        }
        Completion = Task.Run(async () =>
        {
            await Task.WhenAll(threads).ConfigureAwait(false);
            if (_flusher is not null) await _flusher.DisposeAsync().ConfigureAwait(false);
            uploader.Complete();
            await uploader.Completion.ConfigureAwait(false);
            // Connections end when every channel ended both ways (or at once when cancelled): outputs are delivered first.
            Task[] connections;
            lock (_gate) connections = [.. _running];
            try { await Task.WhenAll(connections).ConfigureAwait(false); } catch (Exception) { /* reported by the connection itself */ }
        }, CancellationToken.None);
    }

    /// <summary>Stops every task and data connection of the attempt.</summary>
    public void Cancel()
    {
        try { _cancel.Cancel(); } catch (ObjectDisposedException) { }
        lock (_gate)
        {
            foreach (var connection in _connections) connection.Abort();
        }
    }

    /// <summary>Injects barrier <paramref name="checkpointId"/> at a local source subtask.</summary>
    public void TriggerCheckpoint(long checkpointId, int vertex, int subtask, bool savepoint)
    {
        if (savepoint) _savepoints.Add(checkpointId);
        foreach (var s in Subtasks)
            if (s.Vertex == vertex && s.Subtask == subtask) ((ICheckpointParticipant)s.Task).TriggerCheckpoint(checkpointId);
    }

    /// <summary>The checkpoint completed: local sinks commit, and subtasks that took it as finished end.</summary>
    public void NotifyCheckpointComplete(long checkpointId)
    {
        foreach (var s in Subtasks) ((ICheckpointParticipant)s.Task).NotifyCheckpointComplete(checkpointId);
    }

    private void OnIncoming(int peer, FrameConnection connection)
    {
        if (!_peers.ContainsKey(peer) || peer > _self)
        {
            _logger.LogWarning("Worker {Peer} opened an unexpected data connection for attempt {Attempt}", peer, Attempt);
            _ = connection.DisposeAsync().AsTask();
            return;
        }
        lock (_gate) _running.Add(Task.Run(() => RunConnectionAsync(peer, connection)));
    }

    private async Task RunConnectionAsync(int peer, FrameConnection connection)
    {
        lock (_gate) _connections.Add(connection);
        if (_cancel.IsCancellationRequested) connection.Abort();
        var (outputs, inputs) = _peers[peer];
        try
        {
            await new DataConnection(connection, outputs, inputs, _dataOptions).RunAsync(_cancel.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (!_cancel.IsCancellationRequested)
        {
            Fail(new SubtaskRef(Attempt, SubtaskRef.WorkerLevel, 0), $"data connection with worker {peer} failed: {ex.Message}");
        }
        catch (Exception) when (_cancel.IsCancellationRequested)
        {
            // the attempt was cancelled; the abort ended the connection
        }
        finally
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void RunTask(int vertex, int subtask, StreamTask task, CancellationToken token)
    {
        try
        {
            task.Run();
            if (!token.IsCancellationRequested)
                _control.Send(FrameKind.TaskFinished, w => new SubtaskEnded(new SubtaskRef(Attempt, vertex, subtask), null).Write(w));
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested) { }
        catch (Exception ex)
        {
            Fail(new SubtaskRef(Attempt, vertex, subtask), $"{task.Name}: {ex.Message}");
        }
    }

    private void Fail(SubtaskRef where, string reason)
    {
        if (Interlocked.Exchange(ref _failed, 1) != 0) return;
        _logger.LogError("Attempt {Attempt} failed on this worker: {Reason}", Attempt, reason);
        _control.Send(FrameKind.TaskFailed, w => new SubtaskEnded(where, reason).Write(w));
        Cancel();
    }

    private async Task ReportRunning(CancellationToken token)
    {
        var pending = Subtasks.ToList();
        while (pending.Count > 0 && !token.IsCancellationRequested)
        {
            foreach (var s in pending.Where(s => s.Task.IsRunning || s.Task.IsFinished).ToList())
            {
                // A task restored as finished never runs: it reports itself finishing instead.
                if (s.Task.IsRunning) _control.Send(FrameKind.TaskRunning, w => new SubtaskRef(Attempt, s.Vertex, s.Subtask).Write(w));
                pending.Remove(s);
            }
            try { await Task.Delay(5, token).ConfigureAwait(false); } catch (OperationCanceledException) { return; }
        }
    }
}
