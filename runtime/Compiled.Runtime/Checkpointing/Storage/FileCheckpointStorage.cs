using System.Globalization;
using System.Text.Json;

namespace Compiled.Checkpointing.Storage;

/// <summary>
/// Checkpoints on a file system directory (local or a shared mount): <c>chk-N/</c> holds one file per operator
/// instance and a <c>_metadata</c> written last by atomic rename; every file carries a CRC-32C. Keeps the newest
/// <see cref="Retained"/> completed checkpoints. A corrupted or truncated checkpoint is reported by file name and
/// the previous one is used.
/// </summary>
public sealed class FileCheckpointStorage
{
    /// <summary>Name of the metadata file of a checkpoint directory.</summary>
    public const string MetadataFileName = "_metadata";

    private const string Prefix = "chk-";

    /// <summary>Creates (if needed) the checkpoint directory.</summary>
    /// <param name="directory">Where checkpoints go.</param>
    /// <param name="retained">How many completed checkpoints to keep (at least 1).</param>
    public FileCheckpointStorage(string directory, int retained = 3)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (retained < 1) throw new ArgumentOutOfRangeException(nameof(retained), $"At least one checkpoint must be retained, was {retained}.");
        Directory = Path.GetFullPath(directory);
        Retained = retained;
        System.IO.Directory.CreateDirectory(Directory);
    }

    /// <summary>The checkpoint directory.</summary>
    public string Directory { get; }

    /// <summary>How many completed checkpoints are kept.</summary>
    public int Retained { get; }

    /// <summary>The directory of checkpoint <paramref name="checkpointId"/>.</summary>
    public string PathOf(long checkpointId) => Path.Combine(Directory, Prefix + checkpointId.ToString(CultureInfo.InvariantCulture));

    /// <summary>Starts writing checkpoint <paramref name="checkpointId"/>.</summary>
    public CheckpointWriter Begin(long checkpointId, string jobName)
    {
        string path = PathOf(checkpointId);
        if (System.IO.Directory.Exists(path) && File.Exists(Path.Combine(path, MetadataFileName)))
            throw new InvalidOperationException($"Checkpoint {checkpointId} already exists in '{Directory}'.");
        if (System.IO.Directory.Exists(path)) System.IO.Directory.Delete(path, recursive: true); // leftover of a crash
        System.IO.Directory.CreateDirectory(path);
        return new CheckpointWriter(this, checkpointId, jobName, path);
    }

    /// <summary>Ids of completed checkpoints (those with a <c>_metadata</c>), oldest first.</summary>
    public IReadOnlyList<long> CompletedIds() =>
        [.. System.IO.Directory.EnumerateDirectories(Directory, Prefix + "*")
            .Select(d => (Dir: d, Id: long.TryParse(Path.GetFileName(d).AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out long id) ? id : -1))
            .Where(x => x.Id >= 0 && File.Exists(Path.Combine(x.Dir, MetadataFileName)))
            .Select(x => x.Id)
            .Order()];

    /// <summary>
    /// The newest checkpoint whose metadata and state files all verify. Unusable newer ones are skipped, each with a
    /// message naming the file in <paramref name="skipped"/>. Returns null when there is none.
    /// </summary>
    public CompletedCheckpoint? LoadLatest(out IReadOnlyList<string> skipped)
    {
        var problems = new List<string>();
        foreach (long id in CompletedIds().Reverse())
        {
            try
            {
                var checkpoint = Load(PathOf(id));
                checkpoint.VerifyAll();
                skipped = problems;
                return checkpoint;
            }
            catch (CheckpointCorruptedException ex)
            {
                problems.Add($"checkpoint {id} skipped: {ex.Message}");
            }
        }
        skipped = problems;
        return null;
    }

    /// <summary>Opens the checkpoint (or savepoint) in <paramref name="path"/>, verifying its metadata.</summary>
    /// <exception cref="CheckpointCorruptedException">The metadata is missing or corrupted.</exception>
    public static CompletedCheckpoint Load(string path)
    {
        string metadataPath = Path.Combine(path, MetadataFileName);
        byte[] payload = ChecksummedFile.Read(metadataPath);
        CheckpointMetadata? metadata;
        try { metadata = JsonSerializer.Deserialize(payload, CheckpointJsonContext.Default.CheckpointMetadata); }
        catch (JsonException ex) { throw new CheckpointCorruptedException(metadataPath, "its metadata is not valid: " + ex.Message); }
        if (metadata is null) throw new CheckpointCorruptedException(metadataPath, "its metadata is empty");
        return new CompletedCheckpoint(Path.GetFullPath(path), metadata);
    }

    /// <summary>Deletes completed checkpoints beyond the newest <see cref="Retained"/>.</summary>
    internal void ApplyRetention()
    {
        var completed = CompletedIds();
        foreach (long id in completed.Take(Math.Max(0, completed.Count - Retained)))
            System.IO.Directory.Delete(PathOf(id), recursive: true);
    }
}

/// <summary>A checkpoint being written. Call <see cref="Complete"/> once every state is written, or <see cref="Abort"/>.</summary>
public sealed class CheckpointWriter
{
    private readonly FileCheckpointStorage _storage;
    private readonly string _jobName;
    private readonly List<StateHandle> _states = [];
    private readonly Lock _gate = new();
    private bool _done;

    internal CheckpointWriter(FileCheckpointStorage storage, long checkpointId, string jobName, string path)
    {
        _storage = storage;
        _jobName = jobName;
        CheckpointId = checkpointId;
        Path = path;
    }

    /// <summary>Id of the checkpoint.</summary>
    public long CheckpointId { get; }

    /// <summary>Directory of the checkpoint.</summary>
    public string Path { get; }

    /// <summary>Writes the state of one operator instance (thread-safe: tasks write concurrently).</summary>
    public StateHandle WriteState(string operatorUid, int subtask, ReadOnlySpan<byte> payload)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(operatorUid);
        lock (_gate) ThrowIfDone();
        string file = $"{Sanitize(operatorUid)}-{subtask.ToString(CultureInfo.InvariantCulture)}.state";
        uint crc = ChecksummedFile.Write(System.IO.Path.Combine(Path, file), payload);
        var handle = new StateHandle(operatorUid, subtask, file, payload.Length, crc);
        lock (_gate)
        {
            ThrowIfDone();
            _states.Add(handle);
        }
        return handle;
    }

    /// <summary>Writes <c>_metadata</c> last (temporary file, flushed, then renamed) and applies retention.</summary>
    public CompletedCheckpoint Complete(long timestampMillis, string kind = "checkpoint")
    {
        CheckpointMetadata metadata;
        lock (_gate)
        {
            ThrowIfDone();
            _done = true;
            metadata = new CheckpointMetadata(CheckpointId, _jobName, timestampMillis, kind,
                [.. _states.OrderBy(s => s.OperatorUid, StringComparer.Ordinal).ThenBy(s => s.Subtask)]);
        }
        string temporary = System.IO.Path.Combine(Path, "." + FileCheckpointStorage.MetadataFileName + ".inprogress");
        ChecksummedFile.Write(temporary, JsonSerializer.SerializeToUtf8Bytes(metadata, CheckpointJsonContext.Default.CheckpointMetadata));
        File.Move(temporary, System.IO.Path.Combine(Path, FileCheckpointStorage.MetadataFileName));
        _storage.ApplyRetention();
        return new CompletedCheckpoint(Path, metadata);
    }

    /// <summary>Discards the checkpoint (a task failed or the checkpoint timed out).</summary>
    public void Abort()
    {
        lock (_gate) _done = true;
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }

    private void ThrowIfDone()
    {
        if (_done) throw new InvalidOperationException($"Checkpoint {CheckpointId} is already completed or aborted.");
    }

    private static string Sanitize(string uid) =>
        string.Concat(uid.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
}

/// <summary>A completed checkpoint or savepoint on disk.</summary>
public sealed class CompletedCheckpoint
{
    internal CompletedCheckpoint(string path, CheckpointMetadata metadata)
    {
        Path = path;
        Metadata = metadata;
    }

    /// <summary>Its directory.</summary>
    public string Path { get; }

    /// <summary>Its metadata.</summary>
    public CheckpointMetadata Metadata { get; }

    /// <summary>Id of the checkpoint.</summary>
    public long CheckpointId => Metadata.CheckpointId;

    /// <summary>Reads and verifies one state file.</summary>
    public byte[] ReadState(StateHandle handle)
    {
        string file = System.IO.Path.Combine(Path, handle.File);
        byte[] payload = ChecksummedFile.Read(file);
        if (payload.Length != handle.Length || Crc32C.Compute(payload) != handle.Crc32C)
            throw new CheckpointCorruptedException(file, "it does not match the checkpoint's metadata");
        return payload;
    }

    /// <summary>Verifies every state file (used before choosing this checkpoint for a restore).</summary>
    public void VerifyAll()
    {
        foreach (var state in Metadata.States) ReadState(state);
    }
}
