using System.Threading.Channels;
using Compiled.Checkpointing.Storage;
using Compiled.Cluster.Control;
using Compiled.Cluster.Wire;
using Compiled.Execution.Checkpoints;
using Microsoft.Extensions.Logging;

namespace Compiled.Cluster.Workers;

/// <summary>
/// The asynchronous part of a worker's checkpoint, off the task threads: copies the files of incremental keyed state
/// (RocksDB) from this worker's disk into the shared checkpoint directory itself (SST files into <c>shared/</c>, the
/// others into the checkpoint's directory under a name that includes the attempt), encodes the snapshots and sends the
/// acknowledgement. The coordinator then writes only the small state files and <c>_metadata</c>, and its shared-state
/// registry counts the files from the handles. A checkpoint whose directory is gone was aborted: its files are dropped.
/// </summary>
internal sealed class SnapshotUploader
{
    private readonly long _attempt;
    private readonly FileCheckpointStorage? _storage;
    private readonly ControlSender _control;
    private readonly SnapshotEncoder _encoder = new(); // used by the single upload loop only
    private readonly ILogger _logger;
    private readonly CancellationToken _cancellation;
    private readonly Channel<(long Id, int Vertex, int Subtask, IReadOnlyList<(string Uid, OperatorSnapshot Snapshot)> States)> _queue =
        Channel.CreateUnbounded<(long, int, int, IReadOnlyList<(string, OperatorSnapshot)>)>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Starts the uploader of an attempt; <paramref name="cancellation"/> (the attempt's) drops what is still queued.</summary>
    public SnapshotUploader(long attempt, string? checkpointDirectory, ControlSender control, ILogger logger, CancellationToken cancellation)
    {
        _cancellation = cancellation;
        _attempt = attempt;
        _storage = checkpointDirectory is null ? null : new FileCheckpointStorage(checkpointDirectory);
        _control = control;
        _logger = logger;
        Completion = Task.Run(RunAsync);
    }

    /// <summary>Ends when <see cref="Complete"/> was called and the queue is drained (dropped once the attempt is cancelled).</summary>
    public Task Completion { get; }

    /// <summary>A subtask's snapshots for a checkpoint, captured at its barrier (called on the task's thread).</summary>
    public void Enqueue(long checkpointId, int vertex, int subtask, IReadOnlyList<(string Uid, OperatorSnapshot Snapshot)> snapshots) =>
        _queue.Writer.TryWrite((checkpointId, vertex, subtask, snapshots));

    /// <summary>No more snapshots: what is queued is still sent.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    private async Task RunAsync()
    {
        await foreach (var (id, vertex, subtask, states) in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                if (_cancellation.IsCancellationRequested) continue; // the attempt is over: nobody waits for this checkpoint
                if (!Upload(id, subtask, states)) continue;
                Send(new CheckpointAck(new CheckpointRef(_attempt, id, vertex, subtask), [.. states.Select(s => (s.Uid, _encoder.Encode(s.Snapshot).ToArray()))]));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The checkpoint times out and is aborted; the job goes on (a failed upload never ends the worker).
                _logger.LogWarning("The snapshot of subtask {Vertex}/{Subtask} for checkpoint {Checkpoint} could not be stored: {Reason}", vertex, subtask, id, ex.Message);
            }
            finally
            {
                foreach (var (_, snapshot) in states) DeleteLocal(snapshot);
            }
        }
    }

    /// <summary>Copies the incremental files into storage; false when the checkpoint was aborted meanwhile.</summary>
    private bool Upload(long checkpointId, int subtask, IReadOnlyList<(string Uid, OperatorSnapshot Snapshot)> states)
    {
        foreach (var (uid, snapshot) in states)
        {
            if (snapshot.Incremental is not { } incremental) continue;
            if (_storage is null) throw new InvalidOperationException("An incremental snapshot without a checkpoint directory.");
            if (!Directory.Exists(_storage.PathOf(checkpointId))) return false;
            string instance = $"{CheckpointWriter.InstanceName(uid, subtask)}-attempt{_attempt}";
            foreach (var file in incremental.Files)
            {
                if (file.LocalPath is not { } local) continue; // stored by an earlier checkpoint
                var handle = _storage.StoreFile(checkpointId, instance, local, file.Name, file.SharedName);
                file.Stored(handle.Path, handle.Length, handle.Crc32C);
            }
        }
        return true;
    }

    private void Send(CheckpointAck ack)
    {
        var writer = new PayloadWriter();
        ack.Write(writer);
        if (writer.Length > _control.MaxPayload)
        {
            _logger.LogError("The snapshot of subtask {Vertex}/{Subtask} for checkpoint {Checkpoint} has {Bytes} bytes, above the frame limit {Limit}: the checkpoint will time out.",
                ack.Checkpoint.Vertex, ack.Checkpoint.Subtask, ack.Checkpoint.CheckpointId, writer.Length, _control.MaxPayload);
            return;
        }
        _control.Send(FrameKind.AcknowledgeCheckpoint, writer.Written.ToArray());
    }

    private static void DeleteLocal(OperatorSnapshot snapshot)
    {
        if (snapshot.Incremental?.LocalDirectory is not { } directory) return;
        try
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // the backend removes its whole local directory when it closes
        }
    }
}
