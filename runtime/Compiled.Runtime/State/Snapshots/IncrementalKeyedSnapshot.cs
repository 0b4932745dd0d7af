namespace Compiled.State.Snapshots;

/// <summary>
/// One file of an incremental keyed snapshot. At capture it names a local file to copy (<see cref="LocalPath"/>);
/// the checkpoint writer copies it and fills in where it went and its checksum. Files already in checkpoint storage
/// from an earlier checkpoint are referenced again without a copy.
/// </summary>
public sealed class SnapshotFile
{
    /// <summary>A file to copy into storage.</summary>
    /// <param name="name">Name of the file within the backend's snapshot (e.g. an SST file name).</param>
    /// <param name="localPath">Where it is now.</param>
    /// <param name="sharedName">Name in the storage's shared directory, or null for a file private to this checkpoint.</param>
    public SnapshotFile(string name, string localPath, string? sharedName)
    {
        Name = name;
        LocalPath = localPath;
        SharedName = sharedName;
    }

    /// <summary>A file already in storage.</summary>
    public SnapshotFile(string name, string storagePath, long length, uint crc32C, string? sharedName)
    {
        Name = name;
        SharedName = sharedName;
        StoragePath = storagePath;
        Length = length;
        Crc32C = crc32C;
    }

    /// <summary>Name of the file within the backend's snapshot.</summary>
    public string Name { get; }

    /// <summary>Local file still to be copied, or null once in storage.</summary>
    public string? LocalPath { get; private set; }

    /// <summary>Name in the shared directory (files that later checkpoints may reference), or null.</summary>
    public string? SharedName { get; }

    /// <summary>Path in storage relative to the checkpoint's directory, once copied.</summary>
    public string? StoragePath { get; private set; }

    /// <summary>Length in bytes, once copied.</summary>
    public long Length { get; private set; }

    /// <summary>CRC-32C of the content, once copied.</summary>
    public uint Crc32C { get; private set; }

    /// <summary>Records where the writer copied the file.</summary>
    public void Stored(string storagePath, long length, uint crc32C)
    {
        StoragePath = storagePath;
        Length = length;
        Crc32C = crc32C;
        LocalPath = null;
    }
}

/// <summary>
/// The state of one keyed backend as files (RocksDB: a native checkpoint's SST, manifest and options files) plus a
/// small backend-specific header, for the key groups in <see cref="KeyGroups"/>.
/// </summary>
/// <param name="BackendKind">The backend that wrote it ("rocksdb"); only that backend can read it.</param>
/// <param name="KeyGroups">Key groups the files hold.</param>
/// <param name="Header">Backend-specific description (e.g. which column family holds which state).</param>
/// <param name="Files">The files.</param>
/// <param name="LocalDirectory">A local directory to delete once the files are copied, or null.</param>
public sealed record IncrementalKeyedSnapshot(string BackendKind, KeyGroupRange KeyGroups, byte[] Header, IReadOnlyList<SnapshotFile> Files,
    string? LocalDirectory = null)
{
    /// <summary>Bytes that this checkpoint copies (files not already in storage).</summary>
    public long BytesToCopy => Files.Where(f => f.LocalPath is not null).Sum(f => new FileInfo(f.LocalPath!).Length);

    /// <summary>Appends the snapshot (after its files are stored) to <paramref name="writer"/>.</summary>
    public void Write(SnapshotWriter writer)
    {
        writer.WriteString(BackendKind);
        writer.WriteVarLong(KeyGroups.Start);
        writer.WriteVarLong(KeyGroups.End);
        writer.WriteBytes(Header);
        writer.WriteVarLong(Files.Count);
        foreach (var file in Files)
        {
            if (file.StoragePath is null) throw new InvalidOperationException($"Snapshot file '{file.Name}' was not copied to checkpoint storage.");
            writer.WriteString(file.Name);
            writer.WriteString(file.StoragePath);
            writer.WriteString(file.SharedName);
            writer.WriteVarLong(file.Length);
            writer.WriteFixedLong(file.Crc32C);
        }
    }

    /// <summary>Reads what <see cref="Write"/> wrote; storage paths stay relative to the checkpoint's directory.</summary>
    public static IncrementalKeyedSnapshot Read(ref SnapshotReader reader)
    {
        string kind = reader.ReadString() ?? throw new InvalidDataException("Incremental snapshot without a backend kind.");
        var range = new KeyGroupRange(checked((int)reader.ReadVarLong()), checked((int)reader.ReadVarLong()));
        byte[] header = reader.ReadBytes().ToArray();
        long count = reader.ReadVarLong();
        if (count < 0 || count > reader.Remaining.Length) throw new InvalidDataException($"Incremental snapshot with {count} files.");
        var files = new List<SnapshotFile>((int)count);
        for (long i = 0; i < count; i++)
        {
            string name = reader.ReadString() ?? throw new InvalidDataException("Snapshot file without a name.");
            string path = reader.ReadString() ?? throw new InvalidDataException($"Snapshot file '{name}' without a storage path.");
            string? shared = reader.ReadString();
            long length = reader.ReadVarLong();
            uint crc = (uint)reader.ReadFixedLong();
            files.Add(new SnapshotFile(name, path, length, crc, shared));
        }
        return new IncrementalKeyedSnapshot(kind, range, header, files);
    }
}
