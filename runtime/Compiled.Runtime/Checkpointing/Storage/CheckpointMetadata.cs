using System.Text.Json.Serialization;

namespace Compiled.Checkpointing.Storage;

/// <summary>One state file of a checkpoint: which operator instance wrote it, and how to verify it.</summary>
/// <param name="OperatorUid">Stable id of the operator (matched on restore).</param>
/// <param name="Subtask">Parallel instance that wrote it.</param>
/// <param name="File">File name inside the checkpoint directory.</param>
/// <param name="Length">Payload length in bytes.</param>
/// <param name="Crc32C">Checksum of the payload.</param>
/// <param name="Files">Further files the state consists of (incremental keyed state), or null.</param>
public sealed record StateHandle(string OperatorUid, int Subtask, string File, long Length, uint Crc32C, IReadOnlyList<FileHandle>? Files = null);

/// <summary>A file of an operator's state stored beside its state file: private to the checkpoint, or shared with others.</summary>
/// <param name="Path">Path relative to the checkpoint's directory (shared files: <c>../shared/NAME</c>).</param>
/// <param name="Length">Length in bytes.</param>
/// <param name="Crc32C">Checksum of the content.</param>
/// <param name="SharedName">Name in the storage's shared directory, or null for a private file.</param>
public sealed record FileHandle(string Path, long Length, uint Crc32C, string? SharedName);

/// <summary>
/// The <c>_metadata</c> of a checkpoint: written last, by atomic rename, so a checkpoint directory without it is
/// an incomplete checkpoint and is ignored.
/// </summary>
/// <param name="CheckpointId">Increasing id of the checkpoint.</param>
/// <param name="JobName">Name of the job that took it.</param>
/// <param name="TimestampMillis">When it was triggered (epoch milliseconds).</param>
/// <param name="Kind">"checkpoint" or "savepoint".</param>
/// <param name="States">Every state file of the checkpoint.</param>
public sealed record CheckpointMetadata(long CheckpointId, string JobName, long TimestampMillis, string Kind, IReadOnlyList<StateHandle> States);

[JsonSerializable(typeof(CheckpointMetadata))]
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class CheckpointJsonContext : JsonSerializerContext;
