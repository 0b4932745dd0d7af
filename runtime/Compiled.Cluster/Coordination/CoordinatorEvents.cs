using Compiled.Cluster.Wire;

namespace Compiled.Cluster.Coordination;

/// <summary>Everything the coordinator reacts to, handled one at a time on its event loop (no locks around job state).</summary>
internal abstract record CoordinatorEvent;

/// <summary>A worker registered.</summary>
internal sealed record WorkerJoined(WorkerHandle Worker) : CoordinatorEvent;

/// <summary>A worker's connection closed or it stopped sending heartbeats.</summary>
internal sealed record WorkerLost(WorkerHandle Worker, string Reason) : CoordinatorEvent;

/// <summary>A control frame from a worker.</summary>
internal sealed record WorkerFrame(WorkerHandle Worker, FrameKind Kind, byte[] Payload) : CoordinatorEvent;

/// <summary>A user asked to cancel the job (REST or the <c>cancel</c> command).</summary>
internal sealed record CancelRequested : CoordinatorEvent;

/// <summary>How an attempt ended.</summary>
internal enum AttemptOutcome
{
    Finished,
    Failed,
    Cancelled,
}
