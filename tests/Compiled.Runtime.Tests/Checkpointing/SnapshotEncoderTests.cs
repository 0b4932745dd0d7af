using Compiled.Execution.Checkpoints;
using Compiled.State.Snapshots;

namespace Compiled.Tests.Checkpointing;

public class SnapshotEncoderTests
{
    /// <summary>A snapshot with operator state, stored key groups and deferred ones (one of them empty).</summary>
    private static OperatorSnapshot Create(int seed, int finishedParallelism = 0)
    {
        var snapshot = new OperatorSnapshot { FinishedParallelism = finishedParallelism, OperatorState = [(byte)seed, 7] };
        snapshot.KeyGroups[5] = Enumerable.Range(0, 100 + seed).Select(i => (byte)(i * seed)).ToArray();
        snapshot.Defer(3, writer =>
        {
            writer.WriteString("deferred " + seed);
            writer.WriteVarLong(seed * 1_000_003L);
            return true;
        });
        snapshot.Defer(4, _ => false); // nothing to store in key group 4
        snapshot.Defer(9, () => Enumerable.Repeat((byte)seed, 5_000 * seed).ToArray());
        return snapshot;
    }

    [Fact]
    public void AReusedEncoderWritesWhatAFreshEncodingWritesAndItDecodesBack()
    {
        var encoder = new SnapshotEncoder();
        foreach (int seed in new[] { 3, 1, 2 }) // a large snapshot first: smaller ones must not carry its leftovers
        {
            byte[] fresh = Create(seed).Encode();
            byte[] reused = encoder.Encode(Create(seed)).ToArray();
            Assert.Equal(fresh, reused);

            var decoded = OperatorSnapshot.Decode(reused);
            Assert.Equal(new byte[] { (byte)seed, 7 }, decoded.OperatorState);
            Assert.Equal([3, 5, 9], decoded.KeyGroups.Keys.Order());
            var reader = new SnapshotReader(decoded.KeyGroups[3]);
            Assert.Equal("deferred " + seed, reader.ReadString());
            Assert.Equal(seed * 1_000_003L, reader.ReadVarLong());
            Assert.Equal(5_000 * seed, decoded.KeyGroups[9].Length);
        }
    }

    [Fact]
    public void AFinishedSnapshotEncodesTheSameEveryTime()
    {
        // Later checkpoints write a finished task's snapshot again: its deferred key groups must not be lost after the first.
        var snapshot = Create(2, finishedParallelism: 2);
        var encoder = new SnapshotEncoder();
        byte[] first = encoder.Encode(snapshot).ToArray();
        byte[] second = encoder.Encode(snapshot).ToArray();
        Assert.Equal(first, second);
        Assert.Equal(2, OperatorSnapshot.Decode(second).FinishedParallelism);
        Assert.Equal([3, 5, 9], OperatorSnapshot.Decode(second).KeyGroups.Keys.Order());
    }
}
