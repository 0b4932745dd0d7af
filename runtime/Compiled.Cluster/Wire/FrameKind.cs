namespace Compiled.Cluster.Wire;

/// <summary>
/// What a frame carries: a small integer on the wire, so nothing a peer sends names a .NET type. Codes are part of
/// the protocol: never renumber, only add.
/// </summary>
public enum FrameKind : byte
{
    /// <summary>Connection opener: protocol magic, version, purpose and the client's nonce.</summary>
    Hello = 1,

    /// <summary>Server's nonce and its proof of knowing the secret.</summary>
    Challenge = 2,

    /// <summary>Client's proof of knowing the secret.</summary>
    Proof = 3,

    /// <summary>Authentication succeeded.</summary>
    Welcome = 4,

    /// <summary>Worker to coordinator: its slots and data-plane address.</summary>
    RegisterWorker = 10,

    /// <summary>Coordinator to worker: the worker's id.</summary>
    Registered = 11,

    /// <summary>Either way: still alive.</summary>
    Heartbeat = 12,

    /// <summary>Coordinator to worker: run these subtasks of this attempt.</summary>
    Deploy = 13,

    /// <summary>Coordinator to worker: cancel an attempt's subtasks.</summary>
    Cancel = 14,

    /// <summary>Worker to coordinator: a subtask is processing.</summary>
    TaskRunning = 15,

    /// <summary>Worker to coordinator: a subtask reached the end of its input.</summary>
    TaskFinished = 16,

    /// <summary>Worker to coordinator: a subtask failed (with the reason).</summary>
    TaskFailed = 17,

    /// <summary>Coordinator to worker: inject a checkpoint barrier at a source subtask.</summary>
    TriggerCheckpoint = 18,

    /// <summary>Worker to coordinator: a subtask's snapshot for a checkpoint.</summary>
    AcknowledgeCheckpoint = 19,

    /// <summary>Coordinator to worker: a checkpoint is complete (two-phase-commit sinks commit).</summary>
    CheckpointComplete = 20,

    /// <summary>Coordinator to worker: the job ended; exit.</summary>
    Shutdown = 21,

    /// <summary>Worker to coordinator: every subtask of a cancelled attempt has stopped.</summary>
    AttemptStopped = 22,

    /// <summary>Worker to coordinator: per-subtask counters (records in/out, backpressure, watermark).</summary>
    Metrics = 23,

    /// <summary>
    /// Worker to coordinator: a subtask's input ended and its outputs are closed; it takes checkpoints as finished
    /// (triggered directly) and ends once one of them completed (its final checkpoint).
    /// </summary>
    TaskFinishing = 24,

    /// <summary>Data connection opener after authentication: attempt and the connecting worker's id.</summary>
    DataHello = 40,

    /// <summary>A batch of records of one logical channel, with an optional in-band event.</summary>
    Data = 41,

    /// <summary>The receiver grants the sender buffers for one logical channel.</summary>
    Credit = 42,
}
