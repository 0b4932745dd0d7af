using Compiled.Checkpointing.Storage;
using Compiled.Execution.Checkpoints;
using Compiled.State.Snapshots;

namespace Compiled.Cluster;

/// <summary>
/// The asynchronous part of a task's checkpoint: copies the files of incremental keyed state that storage does not
/// hold yet, then writes the operator's state file listing them.
/// </summary>
internal static class SnapshotWriting
{
    /// <summary>Writes <paramref name="snapshot"/> with <paramref name="encoder"/>, whose buffers the checkpoint writer thread reuses (null: a fresh one).</summary>
    public static void Write(CheckpointWriter writer, string uid, int subtask, OperatorSnapshot snapshot, SnapshotEncoder? encoder = null)
    {
        List<FileHandle>? files = null;
        if (snapshot.Incremental is { } incremental)
        {
            files = [];
            try
            {
                foreach (var file in incremental.Files)
                {
                    if (file.LocalPath is { } local)
                    {
                        var handle = writer.StoreFile(uid, subtask, local, file.Name, file.SharedName);
                        file.Stored(handle.Path, handle.Length, handle.Crc32C);
                    }
                    else if (file.SharedName is { } shared) writer.Adopt(shared); // stored by a worker, or referenced again (then kept on abort)
                    files.Add(new FileHandle(file.StoragePath!, file.Length, file.Crc32C, file.SharedName));
                }
            }
            finally
            {
                DeleteLocal(incremental);
            }
        }
        writer.WriteState(uid, subtask, (encoder ?? new SnapshotEncoder()).Encode(snapshot), files);
    }

    /// <summary>Drops the local files and releases the captures of snapshots of an aborted checkpoint.</summary>
    public static void Discard(IEnumerable<(string Uid, OperatorSnapshot Snapshot)> states)
    {
        foreach (var (_, snapshot) in states)
        {
            snapshot.Discard();
            if (snapshot.Incremental is { } incremental) DeleteLocal(incremental);
        }
    }

    private static void DeleteLocal(IncrementalKeyedSnapshot snapshot)
    {
        if (snapshot.LocalDirectory is not { } directory) return;
        try
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Removed meanwhile (a closing backend deletes its local directory): cleanup on the writer thread must not kill the process.
        }
    }
}
