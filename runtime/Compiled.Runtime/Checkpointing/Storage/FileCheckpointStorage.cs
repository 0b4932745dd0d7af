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

    /// <summary>Name of the directory, beside the <c>chk-N</c> directories, of files that several checkpoints share.</summary>
    public const string SharedDirectoryName = "shared";

    private const string Prefix = "chk-";
    private readonly Lock _registryGate = new();

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
        _registry = new Lazy<SharedStateRegistry>(LoadRegistry);
    }

    private readonly Lazy<SharedStateRegistry> _registry;

    /// <summary>Reference counts of the shared files that retained checkpoints use (read from their metadata when first needed).</summary>
    public SharedStateRegistry Registry => _registry.Value;

    /// <summary>Directory of files shared between checkpoints (incremental state).</summary>
    public string SharedDirectory => Path.Combine(Directory, SharedDirectoryName);

    private SharedStateRegistry LoadRegistry()
    {
        var registry = new SharedStateRegistry();
        foreach (long id in CompletedIds())
        {
            try { registry.Register(SharedNames(Load(PathOf(id)).Metadata)); }
            catch (CheckpointCorruptedException) { } // unusable: its files count for nothing
        }
        return registry;
    }

    /// <summary>
    /// Deletes shared files that no completed checkpoint references: left by a checkpoint that never completed (the
    /// process died while copying). Call it only when no checkpoint of this directory is being written (at job start).
    /// </summary>
    public void DeleteOrphanedSharedFiles()
    {
        if (!System.IO.Directory.Exists(SharedDirectory)) return;
        foreach (string file in System.IO.Directory.EnumerateFiles(SharedDirectory))
            if (!Registry.IsReferenced(Path.GetFileName(file))) File.Delete(file);
    }

    internal static IEnumerable<string> SharedNames(CheckpointMetadata metadata) =>
        metadata.States.SelectMany(s => s.Files ?? []).Where(f => f.SharedName is not null).Select(f => f.SharedName!);

    /// <summary>Deletes shared files that no retained checkpoint references any more.</summary>
    internal void DeleteShared(IEnumerable<string> sharedNames)
    {
        foreach (string name in sharedNames) File.Delete(Path.Combine(SharedDirectory, name));
    }

    /// <summary>Records a completed checkpoint's shared files.</summary>
    internal void RegisterCompleted(CheckpointMetadata metadata)
    {
        lock (_registryGate) Registry.Register(SharedNames(metadata));
    }

    /// <summary>The checkpoint directory.</summary>
    public string Directory { get; }

    /// <summary>How many completed checkpoints are kept.</summary>
    public int Retained { get; }

    /// <summary>The directory of checkpoint <paramref name="checkpointId"/>.</summary>
    public string PathOf(long checkpointId) => Path.Combine(Directory, Prefix + checkpointId.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// Copies a local file of an operator instance's state into storage for checkpoint <paramref name="checkpointId"/>:
    /// into the shared directory under <paramref name="sharedName"/> (incremental state that later checkpoints may
    /// reference), or, when it is null, into the checkpoint's directory under <paramref name="instance"/>. Any process
    /// that shares the directory may call it (a cluster worker stores its own files); the handle's path is relative to
    /// the checkpoint's directory. Thread-safe.
    /// </summary>
    public FileHandle StoreFile(long checkpointId, string instance, string localPath, string name, string? sharedName)
    {
        if (sharedName is not null)
        {
            System.IO.Directory.CreateDirectory(SharedDirectory);
            var (length, crc) = StoredFiles.Copy(localPath, Path.Combine(SharedDirectory, sharedName));
            return new FileHandle($"../{SharedDirectoryName}/{sharedName}", length, crc, sharedName);
        }
        string directory = Path.Combine(PathOf(checkpointId), instance);
        System.IO.Directory.CreateDirectory(directory);
        var (privateLength, privateCrc) = StoredFiles.Copy(localPath, Path.Combine(directory, name));
        return new FileHandle($"{instance}/{name}", privateLength, privateCrc, null);
    }

    /// <summary>Starts writing checkpoint <paramref name="checkpointId"/>.</summary>
    public CheckpointWriter Begin(long checkpointId, string jobName)
    {
        string path = PathOf(checkpointId);
        if (System.IO.Directory.Exists(path) && File.Exists(Path.Combine(path, MetadataFileName)))
            throw new InvalidOperationException($"Checkpoint {checkpointId} already exists in '{Directory}'.");
        if (System.IO.Directory.Exists(path)) System.IO.Directory.Delete(path, recursive: true); // leftover of a crash
        System.IO.Directory.CreateDirectory(path);
        _ = Registry; // loaded before this checkpoint completes, so it is counted once
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
        {
            IEnumerable<string> shared;
            try { shared = SharedNames(Load(PathOf(id)).Metadata); }
            catch (CheckpointCorruptedException) { shared = []; }
            System.IO.Directory.Delete(PathOf(id), recursive: true);
            IReadOnlyList<string> unreferenced;
            lock (_registryGate) unreferenced = Registry.Release(shared);
            DeleteShared(unreferenced);
        }
    }
}

/// <summary>A checkpoint being written. Call <see cref="Complete"/> once every state is written, or <see cref="Abort"/>.</summary>
public sealed class CheckpointWriter
{
    private readonly FileCheckpointStorage _storage;
    private readonly string _jobName;
    private readonly List<StateHandle> _states = [];
    private readonly List<string> _copiedShared = [];
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
    /// <param name="operatorUid">Stable id of the operator.</param>
    /// <param name="subtask">Index of the operator instance.</param>
    /// <param name="payload">The state.</param>
    /// <param name="files">Files stored with <see cref="StoreFile"/> that the state consists of, or null.</param>
    public StateHandle WriteState(string operatorUid, int subtask, ReadOnlySpan<byte> payload, IReadOnlyList<FileHandle>? files = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(operatorUid);
        lock (_gate) ThrowIfDone();
        string file = $"{InstanceName(operatorUid, subtask)}.state";
        uint crc = ChecksummedFile.Write(System.IO.Path.Combine(Path, file), payload);
        var handle = new StateHandle(operatorUid, subtask, file, payload.Length, crc, files is { Count: > 0 } ? files : null);
        lock (_gate)
        {
            ThrowIfDone();
            _states.Add(handle);
        }
        return handle;
    }

    /// <summary>
    /// Copies a local file of an operator instance's state into storage: into the shared directory under
    /// <paramref name="sharedName"/> (incremental state that later checkpoints may reference), or, when it is null,
    /// into this checkpoint's directory. Thread-safe.
    /// </summary>
    public FileHandle StoreFile(string operatorUid, int subtask, string localPath, string name, string? sharedName)
    {
        lock (_gate) ThrowIfDone();
        var handle = _storage.StoreFile(CheckpointId, InstanceName(operatorUid, subtask), localPath, name, sharedName);
        if (sharedName is not null) Adopt(sharedName);
        return handle;
    }

    /// <summary>
    /// A shared file that another process stored for this checkpoint (a cluster worker): deleted if the checkpoint is
    /// aborted and no completed checkpoint references it.
    /// </summary>
    public void Adopt(string sharedName)
    {
        lock (_gate) _copiedShared.Add(sharedName);
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
        _storage.RegisterCompleted(metadata);
        _storage.ApplyRetention();
        return new CompletedCheckpoint(Path, metadata);
    }

    /// <summary>Discards the checkpoint (a task failed or the checkpoint timed out).</summary>
    /// <param name="deleteSharedFiles">
    /// Whether to delete now the shared files it copied that no completed checkpoint references; pass false when other
    /// checkpoints are being written, and call <see cref="DeleteUnreferencedSharedFiles"/> where no copy is under way.
    /// </param>
    public void Abort(bool deleteSharedFiles = true)
    {
        lock (_gate) _done = true;
        DeleteBestEffort(Path);
        if (deleteSharedFiles) DeleteUnreferencedSharedFiles(static _ => false);
    }

    /// <summary>
    /// Deletes the shared files this (aborted) checkpoint copied that no completed checkpoint references and
    /// <paramref name="inUse"/> does not claim (a re-copy of a referenced file is identical content).
    /// </summary>
    public void DeleteUnreferencedSharedFiles(Func<string, bool> inUse)
    {
        List<string> copied;
        lock (_gate) copied = [.. _copiedShared];
        _storage.DeleteShared(copied.Where(name => !_storage.Registry.IsReferenced(name) && !inUse(name)));
    }

    /// <summary>Whether this checkpoint copied shared file <paramref name="sharedName"/>.</summary>
    public bool HasCopiedShared(string sharedName)
    {
        lock (_gate) return _copiedShared.Contains(sharedName);
    }

    /// <summary>
    /// Deletes an aborted checkpoint's directory. The writer thread may still be copying into it (it notices the abort
    /// at its next file), so a failed attempt is retried; what remains has no <c>_metadata</c> and is never read.
    /// </summary>
    private static void DeleteBestEffort(string path)
    {
        for (int attempt = 0; attempt < 5 && Directory.Exists(path); attempt++)
        {
            try { Directory.Delete(path, recursive: true); }
            catch (IOException) { Thread.Sleep(20); }
            catch (UnauthorizedAccessException) { return; }
        }
    }

    private void ThrowIfDone()
    {
        if (_done) throw new InvalidOperationException($"Checkpoint {CheckpointId} is already completed or aborted.");
    }

    /// <summary>Directory name of an operator instance's private files within a checkpoint.</summary>
    internal static string InstanceName(string operatorUid, int subtask) => $"{Sanitize(operatorUid)}-{subtask.ToString(CultureInfo.InvariantCulture)}";

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
        foreach (var state in Metadata.States)
        {
            ReadState(state);
            foreach (var file in state.Files ?? []) StoredFiles.Verify(FullPathOf(file), file.Length, file.Crc32C);
        }
    }

    /// <summary>Absolute path of a stored file of this checkpoint.</summary>
    public string FullPathOf(FileHandle file) => System.IO.Path.GetFullPath(System.IO.Path.Combine(Path, file.Path));
}
