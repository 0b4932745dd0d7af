using Compiled.Serialization;

namespace Compiled.Tests.Serialization;

/// <summary>
/// The default copy of a hand-written serializer (generated ones copy member by member): equal to the original,
/// sharing nothing with it, for values smaller and larger than the buffer it reuses.
/// </summary>
public sealed class RecordSerializerCopyTests
{
    [Fact]
    public void ACopyIsEqualAndSharesNothingWhateverItsSize()
    {
        var serializer = new BagSerializer();
        foreach (int size in new[] { 3, 5_000, 0, 40, 100_000, 7 })
        {
            var original = new Bag([.. Enumerable.Range(0, size).Select(i => (long)i * 31 - 500)]);
            var copy = serializer.Copy(original);

            Assert.NotSame(original, copy);
            Assert.NotSame(original.Items, copy.Items);
            Assert.Equal(original.Items, copy.Items);
            copy.Items.Add(1);
            Assert.Equal(size, original.Items.Count);
        }
    }

    [Fact]
    public void CopiesOnSeveralThreadsDoNotMixTheirValues()
    {
        var serializer = new BagSerializer();
        Parallel.For(0, 8, worker =>
        {
            for (int round = 0; round < 200; round++)
            {
                var original = new Bag([.. Enumerable.Range(0, round % 50 * 20).Select(i => (long)(worker * 1_000_000 + i))]);
                Assert.Equal(original.Items, serializer.Copy(original).Items);
            }
        });
    }

    private sealed class Bag(List<long> items)
    {
        public List<long> Items { get; } = items;
    }

    /// <summary>A hand-written serializer: one svarint field per item.</summary>
    private sealed class BagSerializer : RecordSerializer<Bag>
    {
        public override string Schema => "Tests.Bag{1:Items:svarint}";
        public override SchemaFingerprint Fingerprint => SchemaFingerprint.Of(Schema);
        public override int GetMaxSize(in Bag value) => RecordWriter.MaxVarint32 + value.Items.Count * (1 + RecordWriter.MaxVarint64);

        public override void Write(ref RecordWriter writer, in Bag value)
        {
            int start = writer.BeginLengthPrefixed();
            foreach (long item in value.Items)
            {
                writer.WriteTag(1, WireType.SVarint);
                writer.WriteVarInt64(item);
            }
            writer.EndLengthPrefixed(start);
        }

        public override Bag Read(ref RecordReader reader)
        {
            var items = new List<long>();
            int saved = reader.BeginRecord();
            while (reader.TryReadTag(out _, out var wireType)) items.Add(reader.ReadInt64(wireType, "Items"));
            reader.EndRecord(saved);
            return new Bag(items);
        }
    }
}
