using System.Buffers;
using System.Net.Sockets;
using System.Threading.Channels;
using Compiled.Cluster.Control;
using Compiled.Cluster.Hosting;
using Compiled.Cluster.Security;
using Compiled.Cluster.Wire;
using Microsoft.Extensions.Logging;

namespace Compiled.Cluster.Workers;

/// <summary>
/// The worker role: registers its slots with the coordinator, runs the subtasks it is given, exchanges records with
/// other workers directly, and reconnects when the coordinator restarts. Exits 0 when the coordinator says the job ended.
/// </summary>
public sealed class ClusterWorker
{
    private readonly WorkerOptions _options;
    private readonly ClusterSecret _secret;
    private readonly ClusterJobFactory _factory;
    private readonly ILogger _logger;
    private volatile WorkerAttempt? _attempt;
    private DataListener? _listener;

    /// <summary>Creates a worker.</summary>
    public ClusterWorker(WorkerOptions options, ClusterSecret secret, ClusterJobFactory factory, ILogger logger)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _secret = secret ?? throw new ArgumentNullException(nameof(secret));
        _factory = factory ?? throw new ArgumentNullException(nameof(factory));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        if (options.Slots < 1) throw new ArgumentOutOfRangeException(nameof(options), $"A worker needs at least one slot, was {options.Slots}.");
    }

    /// <summary>Runs until the coordinator ends the job (0), it cannot be reached for the reconnect timeout (1) or <paramref name="cancellation"/> fires.</summary>
    public async Task<int> RunAsync(CancellationToken cancellation)
    {
        await using var listener = new DataListener(_options.DataBind, _secret, _options.Connection, _logger);
        _listener = listener;
        var lostSince = DateTime.UtcNow;
        bool registeredOnce = false;
        while (!cancellation.IsCancellationRequested)
        {
            FrameConnection connection;
            try
            {
                connection = await FrameConnection.ConnectAsync(_options.Coordinator, _secret, ConnectionPurpose.Control, _options.Connection, cancellation).ConfigureAwait(false);
            }
            catch (ProtocolException ex)
            {
                _logger.LogError("The coordinator at {Coordinator} refused this worker or could not prove it knows the secret: {Reason}", _options.Coordinator, ex.Message);
                return 1;
            }
            catch (Exception ex) when (ex is SocketException or IOException)
            {
                if (DateTime.UtcNow - lostSince > _options.ReconnectTimeout)
                {
                    _logger.LogError("No coordinator at {Coordinator} for {Seconds:0} s ({Reason}); giving up.", _options.Coordinator, _options.ReconnectTimeout.TotalSeconds, ex.Message);
                    return 1;
                }
                await Task.Delay(250, cancellation).ConfigureAwait(false);
                continue;
            }
            await using (connection.ConfigureAwait(false))
            {
                if (registeredOnce) _logger.LogInformation("Reconnected to the coordinator at {Coordinator}", _options.Coordinator);
                registeredOnce = true;
                try
                {
                    int? exit = await RunSessionAsync(connection, cancellation).ConfigureAwait(false);
                    if (exit is { } code) return code;
                }
                catch (Exception ex) when (ex is IOException or SocketException or ProtocolException || (ex is OperationCanceledException && !cancellation.IsCancellationRequested))
                {
                    _logger.LogWarning("Registration with the coordinator failed: {Reason}", ex.Message);
                }
            }
            lostSince = DateTime.UtcNow;
            _logger.LogWarning("Lost the coordinator at {Coordinator}; its subtasks here were cancelled. Reconnecting for up to {Seconds:0} s.",
                _options.Coordinator, _options.ReconnectTimeout.TotalSeconds);
        }
        return 1;
    }

    private async Task<int?> RunSessionAsync(FrameConnection connection, CancellationToken cancellation)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var sender = new ControlSender(connection, session.Token);
        var endpoint = _listener!.Endpoint;
        sender.Send(FrameKind.RegisterWorker, w => new RegisterWorker(_options.Slots, endpoint.Address.ToString(), endpoint.Port, (long)_options.HeartbeatTimeout.TotalMilliseconds).Write(w));
        var (kind, payload) = await connection.ReceiveAsync(connection.MaxPayload, session.Token).ConfigureAwait(false);
        if (kind != FrameKind.Registered) throw new ProtocolException($"The coordinator answered registration with kind {(byte)kind}.");
        int self = (int)Scalar.Decode(payload);
        _logger.LogInformation("Registered with the coordinator as worker {Worker} ({Slots} slots, data port {Port})", self, _options.Slots, endpoint.Port);

        long lastHeard = Environment.TickCount64;
        var commands = Channel.CreateUnbounded<(FrameKind Kind, byte[] Payload)>(new UnboundedChannelOptions { SingleReader = true });
        var reading = Task.Run(async () =>
        {
            try
            {
                await connection.ReadLoopAsync((k, p) =>
                {
                    Volatile.Write(ref lastHeard, Environment.TickCount64);
                    if (k != FrameKind.Heartbeat) commands.Writer.TryWrite((k, p.ToArray()));
                    return true;
                }, session.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or ProtocolException or OperationCanceledException or SocketException or ObjectDisposedException)
            {
                _logger.LogDebug("Control connection ended: {Reason}", ex.Message);
            }
            finally
            {
                commands.Writer.TryComplete();
            }
        }, CancellationToken.None);
        var heartbeats = Task.Run(async () =>
        {
            while (!session.Token.IsCancellationRequested)
            {
                try { await Task.Delay(_options.HeartbeatInterval, session.Token).ConfigureAwait(false); } catch (OperationCanceledException) { return; }
                sender.Send(FrameKind.Heartbeat, []);
                if (_attempt is { } running) sender.Send(FrameKind.Metrics, w => running.CollectMetrics().Write(w));
                if (Environment.TickCount64 - Volatile.Read(ref lastHeard) > _options.HeartbeatTimeout.TotalMilliseconds)
                {
                    _logger.LogWarning("No heartbeat from the coordinator for {Seconds:0.#} s", _options.HeartbeatTimeout.TotalSeconds);
                    connection.Abort();
                    return;
                }
            }
        }, CancellationToken.None);

        int? exit = null;
        try
        {
            await foreach (var (k, p) in commands.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                exit = await HandleAsync(k, p, self, sender).ConfigureAwait(false);
                if (exit is not null) break;
            }
        }
        finally
        {
            await StopAttemptAsync().ConfigureAwait(false);
            sender.Complete();
            try { await sender.Completion.WaitAsync(TimeSpan.FromSeconds(2), CancellationToken.None).ConfigureAwait(false); } catch (TimeoutException) { }
            await session.CancelAsync().ConfigureAwait(false);
            connection.Abort();
            await Task.WhenAll(reading, heartbeats).ConfigureAwait(false);
        }
        return exit;
    }

    private async Task<int?> HandleAsync(FrameKind kind, byte[] payload, int self, ControlSender sender)
    {
        switch (kind)
        {
            case FrameKind.Deploy:
                await StopAttemptAsync().ConfigureAwait(false);
                var deploy = Deploy.Read(payload);
                try
                {
                    var job = _factory(deploy.JobArguments, ClusterRole.Worker);
                    if (job.Fingerprint != deploy.PlanFingerprint)
                        throw new InvalidOperationException($"This worker built a different plan ({job.Fingerprint}) than the coordinator ({deploy.PlanFingerprint}): run the same job binary everywhere.");
                    var attempt = new WorkerAttempt(deploy, self, job, sender, _listener!, _options.Data, _logger);
                    _attempt = attempt;
                    attempt.Start();
                    _logger.LogInformation("Attempt {Attempt}: running {Count} subtasks", deploy.Attempt, attempt.Subtasks.Count);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    _logger.LogError("Attempt {Attempt} could not start here: {Reason}", deploy.Attempt, ex.Message);
                    sender.Send(FrameKind.TaskFailed, w => new SubtaskEnded(new SubtaskRef(deploy.Attempt, SubtaskRef.WorkerLevel, 0), $"worker {self} could not start the job: {ex.Message}").Write(w));
                    _attempt?.Cancel();
                }
                return null;
            case FrameKind.Cancel:
                long cancelled = Scalar.Decode(payload);
                if (_attempt?.Attempt == cancelled) await StopAttemptAsync().ConfigureAwait(false);
                sender.Send(FrameKind.AttemptStopped, Scalar.Encode(cancelled));
                return null;
            case FrameKind.TriggerCheckpoint:
                var (trigger, savepoint) = CheckpointTrigger.Read(payload);
                if (_attempt?.Attempt == trigger.Attempt) _attempt.TriggerCheckpoint(trigger.CheckpointId, trigger.Vertex, trigger.Subtask, savepoint);
                return null;
            case FrameKind.CheckpointComplete:
                var complete = CheckpointRef.Read(payload);
                if (_attempt?.Attempt == complete.Attempt) _attempt.NotifyCheckpointComplete(complete.CheckpointId);
                return null;
            case FrameKind.Shutdown:
                int code = (int)Scalar.Decode(payload);
                _logger.LogInformation("The coordinator ended the job; exiting with {Code}", code);
                return code;
            default:
                _logger.LogWarning("Ignored control frame of kind {Kind}", (byte)kind);
                return null;
        }
    }

    private async Task StopAttemptAsync()
    {
        if (_attempt is not { } attempt) return;
        _attempt = null;
        attempt.Cancel();
        try { await attempt.Completion.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false); }
        catch (TimeoutException) { _logger.LogWarning("Attempt {Attempt} did not stop within 30 s", attempt.Attempt); }
        _listener!.Close(attempt.Attempt);
    }
}
