namespace Compiled.Checkpointing.Storage;

/// <summary>A checkpoint file is missing, truncated or fails its checksum.</summary>
public sealed class CheckpointCorruptedException(string path, string reason)
    : IOException($"Checkpoint file '{path}' is unusable: {reason}.")
{
    /// <summary>The file that failed.</summary>
    public string Path { get; } = path;

    /// <summary>What is wrong with it.</summary>
    public string Reason { get; } = reason;
}
