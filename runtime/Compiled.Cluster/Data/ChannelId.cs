using Compiled.Cluster.Wire;

namespace Compiled.Cluster.Data;

/// <summary>
/// A logical channel of the shuffle: exchange <see cref="Edge"/> (its index among the plan's exchanges, the same in
/// every process because every process builds the same plan), from producer subtask to consumer subtask.
/// </summary>
/// <param name="Edge">Index of the exchange.</param>
/// <param name="Producer">Producing subtask.</param>
/// <param name="Consumer">Consuming subtask.</param>
public readonly record struct ChannelId(int Edge, int Producer, int Consumer)
{
    internal void Write(PayloadWriter writer) => writer.WriteVarULong((uint)Edge).WriteVarULong((uint)Producer).WriteVarULong((uint)Consumer);

    internal static ChannelId Read(ref PayloadReader reader) => new(reader.ReadCount(), reader.ReadCount(), reader.ReadCount());

    /// <inheritdoc />
    public override string ToString() => $"exchange {Edge} ({Producer} -> {Consumer})";
}
