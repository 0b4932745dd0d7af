using Compiled.State.Snapshots;

namespace Compiled.Connectors.Kafka.Source;

/// <summary>A partition's read position in a checkpoint: the next offset to read and, when bounded, the offset to stop at.</summary>
/// <param name="Topic">Topic.</param>
/// <param name="Partition">Partition number.</param>
/// <param name="Next">Offset of the next message to emit.</param>
/// <param name="Stop">Offset at which the partition ends (bounded mode), or <see cref="long.MaxValue"/>.</param>
internal readonly record struct PartitionPosition(string Topic, int Partition, long Next, long Stop)
{
    private const int Version = 1;

    public bool Finished => Next >= Stop;

    /// <summary>Encodes a reader's positions (its checkpointed state).</summary>
    public static byte[] Encode(IEnumerable<PartitionPosition> positions)
    {
        var writer = new SnapshotWriter();
        var list = positions.ToList();
        writer.WriteVarLong(Version);
        writer.WriteVarLong(list.Count);
        foreach (var p in list)
        {
            writer.WriteString(p.Topic);
            writer.WriteVarLong(p.Partition);
            writer.WriteVarLong(p.Next);
            writer.WriteVarLong(p.Stop == long.MaxValue ? -1 : p.Stop);
        }
        return writer.Written.ToArray();
    }

    /// <summary>Decodes what <see cref="Encode"/> wrote.</summary>
    public static List<PartitionPosition> Decode(ReadOnlySpan<byte> state)
    {
        var reader = new SnapshotReader(state);
        long version = reader.ReadVarLong();
        if (version != Version) throw new InvalidDataException($"Kafka source positions of version {version} cannot be read (this version reads {Version}).");
        long count = reader.ReadVarLong();
        var positions = new List<PartitionPosition>((int)Math.Min(count, 4096));
        for (long i = 0; i < count; i++)
        {
            string topic = reader.ReadString() ?? throw new InvalidDataException("Kafka source positions hold a partition without topic.");
            int partition = checked((int)reader.ReadVarLong());
            long next = reader.ReadVarLong();
            long stop = reader.ReadVarLong();
            positions.Add(new PartitionPosition(topic, partition, next, stop < 0 ? long.MaxValue : stop));
        }
        return positions;
    }
}
