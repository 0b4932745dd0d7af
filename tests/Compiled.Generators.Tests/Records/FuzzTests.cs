using System.Buffers;
using Compiled.Connectors.Nexmark;
using Compiled.Serialization;

namespace Compiled.Generators.Tests.Records;

/// <summary>Random, truncated and corrupted bytes: the only exception readers may throw is <see cref="RecordFormatException"/>.</summary>
public class FuzzTests
{
    private const int Iterations = 20_000;

    private static void Fuzz<T>(IReadOnlyList<T> samples, int seed)
    {
        var serializer = RecordSerializers.Get<T>();
        var encoded = samples.Select(s =>
        {
            var b = new ArrayBufferWriter<byte>();
            serializer.Serialize(s, b);
            return b.WrittenSpan.ToArray();
        }).ToArray();
        var random = new Random(seed);
        int failures = 0, successes = 0;
        var buffer = new byte[4096];
        for (int i = 0; i < Iterations; i++)
        {
            byte[] valid = encoded[random.Next(encoded.Length)];
            Span<byte> input;
            switch (i % 4)
            {
                case 0: // random bytes, sometimes starting with a plausible length
                    input = buffer.AsSpan(0, random.Next(0, 256));
                    random.NextBytes(input);
                    if (input.Length > 0 && random.Next(2) == 0) input[0] = (byte)Math.Min(127, input.Length - 1);
                    break;
                case 1: // truncated
                    valid.CopyTo(buffer, 0);
                    input = buffer.AsSpan(0, random.Next(0, valid.Length));
                    break;
                case 2: // bit flips
                    valid.CopyTo(buffer, 0);
                    input = buffer.AsSpan(0, valid.Length);
                    for (int f = random.Next(1, 4); f > 0; f--) input[random.Next(input.Length)] ^= (byte)(1 << random.Next(8));
                    break;
                default: // random byte replaced, or a huge varint spliced in
                    valid.CopyTo(buffer, 0);
                    input = buffer.AsSpan(0, valid.Length);
                    int at = random.Next(input.Length);
                    input[at] = (byte)random.Next(256);
                    if (random.Next(4) == 0 && at + 5 < input.Length) input.Slice(at, 5).Fill(0xFF);
                    break;
            }
            try
            {
                serializer.Deserialize(input, out int consumed);
                Assert.InRange(consumed, 1, input.Length);
                successes++;
            }
            catch (RecordFormatException ex)
            {
                Assert.InRange(ex.Offset, 0, input.Length);
                failures++;
            }
        }
        Assert.Equal(Iterations, failures + successes);
        Assert.True(failures > Iterations / 2, $"only {failures} failures");
    }

    [Fact]
    public void NexmarkBids()
    {
        var g = new NexmarkGenerator(new NexmarkGeneratorConfig());
        Fuzz(Enumerable.Range(0, 200).Where(i => g.TypeOf(i) == NexmarkEventType.Bid).Select(i => g.GenerateBid(i)).ToList(), seed: 1);
    }

    [Fact]
    public void NestedShapes()
    {
        var samples = new List<Shape>
        {
            new("a", "b", new Point(1, 2), new Point(3, 4), [new(5, 6)], ["x", null], [1, null], [[1], [2, 3]],
                new Shape("c", null, default, null, [], [], [], [], null, [Level.High], 2m), [Level.Low], 3.5m) { Updated = DateTime.UnixEpoch },
            new("", null, default, null, [], [], [], [], null, null, null),
        };
        Fuzz(samples, seed: 2);
    }

    [Fact]
    public void Primitives() => Fuzz([new AllPrimitives(true, 1, -1, 2, 3, 4, 5, 6, 7, 'x', 1.5f, 2.5, 3.5m, DateTime.UtcNow, TimeSpan.FromDays(1), Guid.NewGuid(), Level.High)], seed: 3);

    [Fact]
    public void DeeplyNestedInputIsRejectedNotAStackOverflow()
    {
        // Shape.Child (id 9) is a nested Shape: nest 10,000 levels of it.
        var bytes = new List<byte>();
        int depth = 10_000;
        byte[] innermost = [0];
        byte[] current = innermost;
        for (int i = 0; i < depth && current.Length < 100_000; i++)
        {
            var tag = new byte[5];
            var tagWriter = new RecordWriter(tag);
            tagWriter.WriteTag(9, WireType.Record);
            var next = new List<byte>(tag[..tagWriter.Position]);
            next.AddRange(current);
            var w = new byte[next.Count + 5];
            var writer = new RecordWriter(w);
            writer.WriteVarUInt32((uint)next.Count);
            int n = writer.Position;
            next.CopyTo(w, n);
            current = w[..(n + next.Count)];
        }
        var ex = Assert.Throws<RecordFormatException>(() => Shape.Serializer.Instance.Deserialize(current, out _));
        Assert.Contains("nested deeper", ex.Message);
    }

    [Fact]
    public void HugeDeclaredLengthsDoNotAllocate()
    {
        // A record claiming 2^31 bytes, and a sequence claiming 2^31 elements inside a tiny record.
        byte[] hugeRecord = [0xFF, 0xFF, 0xFF, 0xFF, 0x07, 1, 2];
        Assert.Throws<RecordFormatException>(() => Shape.Serializer.Instance.Deserialize(hugeRecord, out _));
        byte[] hugeCount = [8, (5 << 4) | (byte)WireType.Sequence, 6, (byte)WireType.Record, 0xFF, 0xFF, 0xFF, 0xFF, 0x07];
        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<RecordFormatException>(() => Shape.Serializer.Instance.Deserialize(hugeCount, out _));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 100_000);
        Assert.Contains("Shape.Vertices", ex.Message);
    }
}
