using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Compiled.Checkpointing.Storage;
using Compiled.Cluster.Control;
using Compiled.Cluster.Hosting;
using Compiled.Cluster.Security;
using Compiled.Cluster.Wire;
using Compiled.Execution;
using Compiled.Execution.Checkpoints;
using Microsoft.Extensions.Logging;

namespace Compiled.Cluster.Coordination;

/// <summary>
/// The coordinator role (application mode): plans the job, waits for enough worker slots, deploys one subtask of every
/// vertex per slot, drives checkpoints with the same <see cref="CheckpointCoordinator"/> as the local cluster, and on a
/// failure (a subtask fails, a worker dies or goes silent) cancels the attempt everywhere and deploys a new one from the
/// latest completed checkpoint on the slots available then. Exits 0 when a bounded job has finished.
/// </summary>
public sealed class ClusterCoordinator
{
    private readonly CoordinatorOptions _options;
    private readonly ClusterJob _job;
    private readonly IReadOnlyList<string> _jobArguments;
    private readonly ClusterSecret _secret;
    private readonly ILogger _logger;
    private readonly Channel<CoordinatorEvent> _events = Channel.CreateUnbounded<CoordinatorEvent>();
    private readonly ConcurrentDictionary<int, WorkerHandle> _workers = new();
    private readonly Stopwatch _clock = new();
    private int _nextWorkerId;
    private long _attempt;
    private long _fencedUntil; // Environment.TickCount64 before which a silent worker may still run subtasks of the last attempt
    private static readonly TimeSpan StopSlack = TimeSpan.FromMilliseconds(500);
    private TcpListener? _listener;

    /// <summary>Creates a coordinator for <paramref name="job"/>, built from <paramref name="jobArguments"/> (which the workers get too).</summary>
    public ClusterCoordinator(CoordinatorOptions options, ClusterJob job, IReadOnlyList<string> jobArguments, ClusterSecret secret, ILogger logger)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _job = job ?? throw new ArgumentNullException(nameof(job));
        _jobArguments = jobArguments ?? throw new ArgumentNullException(nameof(jobArguments));
        _secret = secret ?? throw new ArgumentNullException(nameof(secret));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        Status = new JobStatusBoard(job);
    }

    /// <summary>The control endpoint actually bound (port 0 picks a free one).</summary>
    public IPEndPoint? BoundEndpoint { get; private set; }

    /// <summary>What the job is doing, for the REST API.</summary>
    internal JobStatusBoard Status { get; }

    /// <summary>Runs the job to its end; returns the process exit code (0 finished or cancelled on request, 1 failed).</summary>
    public async Task<int> RunAsync(CancellationToken cancellation)
    {
        _clock.Start();
        _listener = new TcpListener(_options.Bind);
        _listener.Start();
        BoundEndpoint = (IPEndPoint)_listener.LocalEndpoint;
        _logger.LogInformation("Coordinator of job '{Job}' listening on {Endpoint}; it needs {Slots} slots", _job.Name, BoundEndpoint, _job.RequiredSlots);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var accepting = Task.Run(() => AcceptLoopAsync(stop.Token), CancellationToken.None);
        var heartbeats = Task.Run(() => HeartbeatLoopAsync(stop.Token), CancellationToken.None);
        int exit = 1;
        try
        {
            exit = await MainLoopAsync(stop.Token).ConfigureAwait(false);
            return exit;
        }
        finally
        {
            Status.End(exit == 0 ? Status.State : "FAILED");
            await ShutdownWorkersAsync(exit).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            _listener.Stop();
            await Task.WhenAll(accepting, heartbeats).ConfigureAwait(false);
        }
    }

    /// <summary>Number of registered workers.</summary>
    internal int WorkerCount => _workers.Count;

    /// <summary>The latest counters of the running attempt's subtasks, by (vertex, subtask).</summary>
    internal IReadOnlyDictionary<(int, int), SubtaskMetrics> CurrentMetrics()
    {
        long attempt = Status.Attempt;
        var result = new Dictionary<(int, int), SubtaskMetrics>();
        foreach (var worker in _workers.Values)
            if (worker.Metrics is { } report && report.Attempt == attempt)
                foreach (var m in report.Subtasks) result[(m.Vertex, m.Subtask)] = m;
        return result;
    }

    /// <summary>Asks the job to stop without a savepoint (the process then exits 0).</summary>
    internal void RequestCancel() => _events.Writer.TryWrite(new CancelRequested());

    private async Task<int> MainLoopAsync(CancellationToken cancellation)
    {
        var config = _job.Config;
        var storage = config.Checkpointing is { } checkpointing ? new FileCheckpointStorage(checkpointing.Directory, checkpointing.Retained) : null;
        storage?.DeleteOrphanedSharedFiles(); // of checkpoints that never completed, before any is written
        string restore = ResolveInitialRestore(storage);
        var strategy = _options.RestartStrategy
            ?? (config.RestartStrategy == RestartStrategy.None ? RestartStrategy.FixedDelay(3, TimeSpan.FromSeconds(1)) : config.RestartStrategy);
        var failures = new List<DateTimeOffset>();
        while (true)
        {
            Status.SetState("WAITING_FOR_SLOTS");
            if (!await WaitForSlotsAsync(cancellation).ConfigureAwait(false)) return 1;
            await WaitForFencedWorkersAsync(cancellation).ConfigureAwait(false);
            var (outcome, reason) = await RunAttemptAsync(restore, storage, cancellation).ConfigureAwait(false);
            switch (outcome)
            {
                case AttemptOutcome.Finished:
                    Status.SetState("FINISHED");
                    _logger.LogInformation("Job '{Job}' finished in {Seconds:0.000} s ({Attempts} attempts, {Checkpoints} checkpoints)",
                        _job.Name, _clock.Elapsed.TotalSeconds, _attempt, Status.CompletedCheckpoints);
                    return 0;
                case AttemptOutcome.Cancelled:
                    Status.SetState(Status.StopRequested ? "STOPPED" : "CANCELED");
                    _logger.LogInformation("Job '{Job}' was {How} on request", _job.Name, Status.StopRequested ? "stopped with a savepoint" : "cancelled");
                    return 0;
            }
            failures.Add(DateTimeOffset.UtcNow);
            Status.Restarts = failures.Count;
            if (!strategy.ShouldRestart(failures, out var delay))
            {
                _logger.LogError("Job '{Job}' failed and the restart strategy allows no more restarts: {Reason}", _job.Name, reason);
                return 1;
            }
            if (storage?.LoadLatest(out _) is { } latest) restore = latest.Path;
            _logger.LogWarning("Attempt {Attempt} failed ({Reason}); restarting in {Delay:0} ms from {Restore}",
                _attempt, reason, delay.TotalMilliseconds, restore.Length == 0 ? "the beginning" : restore);
            Status.SetState("RESTARTING");
            await DrainEventsAsync(delay, cancellation).ConfigureAwait(false);
        }
    }

    private string ResolveInitialRestore(FileCheckpointStorage? storage)
    {
        var from = _job.Config.RestoreFrom;
        if (from is null) return "";
        if (from == "latest")
        {
            var latest = storage!.LoadLatest(out var skipped);
            foreach (var message in skipped) _logger.LogWarning("{Message}", message);
            if (latest is null) _logger.LogInformation("No completed checkpoint in {Directory}: starting from the beginning", storage.Directory);
            else _logger.LogInformation("Resuming from checkpoint {Id} ({Path})", latest.CheckpointId, latest.Path);
            return latest?.Path ?? "";
        }
        var checkpoint = FileCheckpointStorage.Load(from);
        checkpoint.VerifyAll();
        return checkpoint.Path;
    }

    private int FreeSlots => _workers.Values.Where(w => !w.Lost).Sum(w => w.Slots);

    private async Task<bool> WaitForSlotsAsync(CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + _options.SlotTimeout;
        int reported = -1;
        while (FreeSlots < _job.RequiredSlots)
        {
            if (FreeSlots != reported)
            {
                reported = FreeSlots;
                _logger.LogInformation("Waiting for slots: {Free} of {Needed} registered", reported, _job.RequiredSlots);
            }
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                _logger.LogError("The job needs {Needed} slots but only {Free} registered within {Seconds:0} s: start more workers ('worker --coordinator {Endpoint} --slots K') or raise --slot-timeout.",
                    _job.RequiredSlots, FreeSlots, _options.SlotTimeout.TotalSeconds, BoundEndpoint);
                return false;
            }
            var next = await NextEventAsync(remaining, cancellation).ConfigureAwait(false);
            if (next is CancelRequested)
            {
                Status.SetState("CANCELED");
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// A worker lost by silence (a cut network, a frozen process) may still be running its subtasks and writing to
    /// sinks; it stops them once it has not heard the coordinator for its own heartbeat timeout. The next attempt starts
    /// only after that, so two copies of a subtask never write at the same time. A closed connection needs no wait.
    /// </summary>
    private async Task WaitForFencedWorkersAsync(CancellationToken cancellation)
    {
        long wait = _fencedUntil - Environment.TickCount64;
        if (wait <= 0) return;
        _logger.LogInformation("Waiting {Millis} ms until the silent worker has stopped its subtasks (its own heartbeat timeout)", wait);
        await DrainEventsAsync(TimeSpan.FromMilliseconds(wait), cancellation).ConfigureAwait(false);
    }

    /// <summary>Waits for the next event (handling joins and losses); null when <paramref name="timeout"/> passed first.</summary>
    private async Task<CoordinatorEvent?> NextEventAsync(TimeSpan timeout, CancellationToken cancellation)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        wait.CancelAfter(timeout);
        CoordinatorEvent ev;
        try { ev = await _events.Reader.ReadAsync(wait.Token).ConfigureAwait(false); }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested) { return null; }
        switch (ev)
        {
            case WorkerJoined joined:
                _logger.LogInformation("Worker {Worker} joined from {Remote} with {Slots} slots", joined.Worker.Id, joined.Worker.Remote, joined.Worker.Slots);
                break;
            case WorkerLost lost:
                lost.Worker.Lost = true;
                _workers.TryRemove(lost.Worker.Id, out _);
                if (lost.Worker.TimedOut)
                {
                    // It checks its timeout once per heartbeat interval, then cancels its tasks: allow for both.
                    long until = lost.Worker.LastSeen + (long)(lost.Worker.OwnHeartbeatTimeout + 2 * _options.HeartbeatInterval + StopSlack).TotalMilliseconds;
                    if (until > _fencedUntil) _fencedUntil = until;
                }
                _logger.LogWarning("Worker {Worker} ({Remote}) lost: {Reason}", lost.Worker.Id, lost.Worker.Remote, lost.Reason);
                break;
            case WorkerFrame { Kind: FrameKind.Metrics } metrics:
                var report = MetricsReport.Read(metrics.Payload);
                if (report.Attempt == _attempt) metrics.Worker.Metrics = report;
                break;
        }
        return ev;
    }

    private async Task DrainEventsAsync(TimeSpan duration, CancellationToken cancellation)
    {
        var until = DateTime.UtcNow + duration;
        while (DateTime.UtcNow < until) await NextEventAsync(until - DateTime.UtcNow, cancellation).ConfigureAwait(false);
    }

    private async Task<(AttemptOutcome Outcome, string Reason)> RunAttemptAsync(string restore, FileCheckpointStorage? storage, CancellationToken cancellation)
    {
        long attempt = ++_attempt;
        var owners = new int[_job.RequiredSlots];
        int slot = 0;
        foreach (var worker in _workers.Values.Where(w => !w.Lost).OrderBy(w => w.Id))
            for (int k = 0; k < worker.Slots && slot < owners.Length; k++) owners[slot++] = worker.Id;
        var involved = owners.Distinct().Select(id => _workers[id]).ToList();

        var subtasks = new Dictionary<(int, int), RemoteSubtask>();
        foreach (var vertex in _job.Plan.Vertices)
            for (int s = 0; s < vertex.Parallelism; s++)
                subtasks[(vertex.Id, s)] = new RemoteSubtask(attempt, vertex.Id, s, $"{vertex.Name} ({s + 1}/{vertex.Parallelism})", _workers[owners[s]]);
        var participants = subtasks.Values.ToList<ICheckpointParticipant>();
        var sources = subtasks.Values.Where(t => _job.Plan.Vertices[t.Vertex].Head.IsSource).ToList<ICheckpointParticipant>();
        long restoredId = restore.Length == 0 ? 0 : FileCheckpointStorage.Load(restore).CheckpointId;
        long firstId = Math.Max(restoredId, storage?.CompletedIds().LastOrDefault() ?? 0) + 1;
        using var checkpoints = new CheckpointCoordinator(_job.Name, _job.Config.Checkpointing, storage, participants, sources, TimeProvider.System, firstId);
        foreach (var subtask in subtasks.Values) subtask.IsSavepoint = checkpoints.IsSavepoint;
        Status.BeginAttempt(attempt, subtasks.Values.ToList(), checkpoints, restore);

        var deploy = new Deploy(attempt, _jobArguments, _job.Fingerprint, owners, [.. involved.Select(w => w.DataEndpoint)], restore,
            (long)_options.Data.FlushTimeout.TotalMicroseconds);
        foreach (var worker in involved) worker.Sender.Send(FrameKind.Deploy, w => deploy.Write(w));
        _logger.LogInformation("Attempt {Attempt}: deployed {Subtasks} subtasks on workers {Workers}{Restore}", attempt, subtasks.Count,
            string.Join(", ", involved.Select(w => w.Id)), restore.Length == 0 ? "" : $", restoring {restore}");
        Status.SetState("RUNNING");
        checkpoints.Start();

        (AttemptOutcome, string) outcome;
        try
        {
            outcome = await SuperviseAsync(attempt, subtasks, involved, checkpoints, cancellation).ConfigureAwait(false);
        }
        finally
        {
            Status.EndAttempt();
        }
        if (outcome.Item1 != AttemptOutcome.Finished) await CancelAttemptAsync(attempt, involved, cancellation).ConfigureAwait(false);
        return outcome;
    }

    private async Task<(AttemptOutcome, string)> SuperviseAsync(long attempt, Dictionary<(int, int), RemoteSubtask> subtasks, List<WorkerHandle> involved,
        CheckpointCoordinator checkpoints, CancellationToken cancellation)
    {
        while (true)
        {
            var ev = await NextEventAsync(Timeout.InfiniteTimeSpan, cancellation).ConfigureAwait(false);
            switch (ev)
            {
                case CancelRequested:
                    return (AttemptOutcome.Cancelled, "cancelled on request");
                case WorkerLost lost when involved.Contains(lost.Worker):
                    return (AttemptOutcome.Failed, $"worker {lost.Worker.Id} ({lost.Worker.Remote}) was lost: {lost.Reason}");
                case WorkerFrame frame:
                    switch (frame.Kind)
                    {
                        case FrameKind.TaskRunning:
                            var running = ReadRef(frame.Payload);
                            if (running.Attempt == attempt && subtasks.TryGetValue((running.Vertex, running.Subtask), out var r)) r.MarkRunning();
                            break;
                        case FrameKind.TaskFinishing:
                            // Triggered directly from now on, it acknowledges as finished and ends once such a checkpoint completed.
                            var finishing = ReadRef(frame.Payload);
                            if (finishing.Attempt != attempt || !subtasks.TryGetValue((finishing.Vertex, finishing.Subtask), out var ending)) break;
                            ending.MarkFinishing();
                            checkpoints.ReportFinished(ending);
                            break;
                        case FrameKind.TaskFinished:
                            var finished = SubtaskEnded.Read(frame.Payload, failed: false).Task;
                            if (finished.Attempt != attempt || !subtasks.TryGetValue((finished.Vertex, finished.Subtask), out var f)) break;
                            f.MarkFinished();
                            _logger.LogInformation("Attempt {Attempt}: {Subtask} finished", attempt, f.Name);
                            if (subtasks.Values.All(t => t.IsFinished)) return (AttemptOutcome.Finished, "");
                            break;
                        case FrameKind.TaskFailed:
                            var failed = SubtaskEnded.Read(frame.Payload, failed: true);
                            if (failed.Task.Attempt == attempt) return (AttemptOutcome.Failed, failed.Failure!);
                            break;
                        case FrameKind.AcknowledgeCheckpoint:
                            var ack = CheckpointAck.Read(frame.Payload);
                            var c = ack.Checkpoint;
                            if (c.Attempt != attempt || !subtasks.TryGetValue((c.Vertex, c.Subtask), out var acked)) break;
                            try
                            {
                                checkpoints.Acknowledge(c.CheckpointId, acked, [.. ack.States.Select(s => (s.Uid, OperatorSnapshot.Decode(s.Payload)))]);
                            }
                            catch (InvalidDataException ex)
                            {
                                return (AttemptOutcome.Failed, $"worker {frame.Worker.Id} sent an unreadable snapshot of {acked.Name}: {ex.Message}");
                            }
                            break;
                    }
                    break;
            }
            Status.CompletedCheckpoints = Status.CompletedBefore + checkpoints.Completed;
        }
    }

    private static SubtaskRef ReadRef(byte[] payload)
    {
        var reader = new PayloadReader(payload);
        return SubtaskRef.Read(ref reader);
    }

    private async Task CancelAttemptAsync(long attempt, List<WorkerHandle> involved, CancellationToken cancellation)
    {
        var waiting = involved.Where(w => !w.Lost).ToHashSet();
        foreach (var worker in waiting) worker.Sender.Send(FrameKind.Cancel, Scalar.Encode(attempt));
        var until = DateTime.UtcNow + _options.CancelTimeout;
        while (waiting.Count > 0 && DateTime.UtcNow < until)
        {
            var ev = await NextEventAsync(until - DateTime.UtcNow, cancellation).ConfigureAwait(false);
            if (ev is WorkerFrame { Kind: FrameKind.AttemptStopped } stopped && Scalar.Decode(stopped.Payload) == attempt) waiting.Remove(stopped.Worker);
            if (ev is WorkerLost lost) waiting.Remove(lost.Worker);
        }
        if (waiting.Count > 0)
            _logger.LogWarning("Workers {Workers} did not confirm stopping attempt {Attempt} within {Seconds:0} s", string.Join(", ", waiting.Select(w => w.Id)), attempt, _options.CancelTimeout.TotalSeconds);
    }

    private async Task AcceptLoopAsync(CancellationToken cancellation)
    {
        while (!cancellation.IsCancellationRequested)
        {
            Socket socket;
            try { socket = await _listener!.AcceptSocketAsync(cancellation).ConfigureAwait(false); }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException) { return; }
            _ = Task.Run(() => ServeWorkerAsync(socket, cancellation), CancellationToken.None);
        }
    }

    private async Task ServeWorkerAsync(Socket socket, CancellationToken cancellation)
    {
        var accepted = await FrameConnection.AcceptAsync(socket, _secret, _options.Connection, _logger, cancellation).ConfigureAwait(false);
        if (accepted is not { } pair) return;
        var connection = pair.Connection;
        WorkerHandle? worker = null;
        string reason = "its connection closed";
        try
        {
            if (pair.Purpose != ConnectionPurpose.Control) throw new ProtocolException("a data connection was opened to the coordinator");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            timeout.CancelAfter(_options.Connection.HandshakeTimeout);
            var (kind, payload) = await connection.ReceiveAsync(FrameConnection.HandshakeMaxPayload, timeout.Token).ConfigureAwait(false);
            if (kind != FrameKind.RegisterWorker) throw new ProtocolException($"expected a registration, got kind {(byte)kind}");
            var registration = RegisterWorker.Read(payload);
            if (registration.Slots < 1) throw new ProtocolException($"a worker offered {registration.Slots} slots");
            int id = Interlocked.Increment(ref _nextWorkerId);
            worker = new WorkerHandle(id, registration, connection, new ControlSender(connection, cancellation));
            worker.Sender.Send(FrameKind.Registered, Scalar.Encode(id));
            _workers[id] = worker;
            _events.Writer.TryWrite(new WorkerJoined(worker));
            await connection.ReadLoopAsync((k, p) =>
            {
                worker.Seen();
                if (k != FrameKind.Heartbeat) _events.Writer.TryWrite(new WorkerFrame(worker, k, p.ToArray()));
                return true;
            }, cancellation).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ProtocolException or IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            reason = ex is OperationCanceledException ? "the coordinator is stopping" : ex.Message;
            if (worker is null) _logger.LogWarning("Refused worker registration from {Remote}: {Reason}", connection.Remote, reason);
        }
        finally
        {
            if (worker is not null)
            {
                if (worker.SilentMillis > _options.HeartbeatTimeout.TotalMilliseconds) reason = $"no heartbeat for {worker.SilentMillis / 1000.0:0.#} s";
                _events.Writer.TryWrite(new WorkerLost(worker, reason));
            }
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task HeartbeatLoopAsync(CancellationToken cancellation)
    {
        while (!cancellation.IsCancellationRequested)
        {
            try { await Task.Delay(_options.HeartbeatInterval, cancellation).ConfigureAwait(false); } catch (OperationCanceledException) { return; }
            foreach (var worker in _workers.Values)
            {
                worker.Sender.Send(FrameKind.Heartbeat, []);
                if (worker.SilentMillis > _options.HeartbeatTimeout.TotalMilliseconds)
                {
                    _logger.LogWarning("Worker {Worker} ({Remote}) sent no heartbeat for {Seconds:0.#} s", worker.Id, worker.Remote, worker.SilentMillis / 1000.0);
                    worker.TimedOut = true;
                    worker.Connection.Abort();
                }
            }
        }
    }

    private async Task ShutdownWorkersAsync(int exitCode)
    {
        var workers = _workers.Values.ToList();
        foreach (var worker in workers)
        {
            worker.Sender.Send(FrameKind.Shutdown, Scalar.Encode(exitCode));
            worker.Sender.Complete();
        }
        try { await Task.WhenAll(workers.Select(w => w.Sender.Completion)).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false); }
        catch (TimeoutException) { _logger.LogWarning("Some workers did not receive the shutdown within 5 s"); }
    }
}
