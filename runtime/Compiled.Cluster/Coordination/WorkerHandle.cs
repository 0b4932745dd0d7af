using Compiled.Cluster.Control;
using Compiled.Cluster.Wire;

namespace Compiled.Cluster.Coordination;

/// <summary>The coordinator's side of one registered worker.</summary>
internal sealed class WorkerHandle(int id, RegisterWorker registration, FrameConnection connection, ControlSender sender)
{
    private long _lastSeen = Environment.TickCount64;
    private long _completeNotified = -1;

    public int Id { get; } = id;
    public int Slots { get; } = registration.Slots;
    public PeerEndpoint DataEndpoint { get; } = new(id, registration.DataHost, registration.DataPort);
    public FrameConnection Connection { get; } = connection;
    public ControlSender Sender { get; } = sender;
    public string Remote => Connection.Remote;
    public bool Lost { get; set; }

    /// <summary>The worker went silent (rather than its connection closing): it may still be running its subtasks.</summary>
    public bool TimedOut { get; set; }

    /// <summary>How long the worker runs on without hearing the coordinator before it stops its subtasks.</summary>
    public TimeSpan OwnHeartbeatTimeout { get; } = TimeSpan.FromMilliseconds(Math.Max(0, registration.HeartbeatTimeoutMillis));

    /// <summary>When the worker was last heard from (<see cref="Environment.TickCount64"/>).</summary>
    public long LastSeen => Volatile.Read(ref _lastSeen);

    /// <summary>Latest counters reported by the worker.</summary>
    public MetricsReport? Metrics { get; set; }

    public long SilentMillis => Environment.TickCount64 - Volatile.Read(ref _lastSeen);

    public void Seen() => Volatile.Write(ref _lastSeen, Environment.TickCount64);

    /// <summary>Tells the worker once per checkpoint (every participant of the worker calls this).</summary>
    public void NotifyCheckpointComplete(long attempt, long checkpointId)
    {
        long previous;
        do
        {
            previous = Volatile.Read(ref _completeNotified);
            if (checkpointId <= previous) return;
        }
        while (Interlocked.CompareExchange(ref _completeNotified, checkpointId, previous) != previous);
        Sender.Send(FrameKind.CheckpointComplete, w => new CheckpointRef(attempt, checkpointId, 0, 0).Write(w));
    }
}
