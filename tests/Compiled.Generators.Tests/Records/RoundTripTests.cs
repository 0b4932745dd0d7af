using System.Buffers;
using Compiled.Connectors.Nexmark;
using Compiled.Serialization;

namespace Compiled.Generators.Tests.Records;

/// <summary>Round trips through the real generated serializers, over many shapes and the Nexmark events.</summary>
public class RoundTripTests
{
    internal static T RoundTrip<T>(T value, out int size)
    {
        var serializer = RecordSerializers.Get<T>();
        var buffer = new ArrayBufferWriter<byte>();
        serializer.Serialize(value, buffer);
        size = buffer.WrittenCount;
        Assert.True(size <= serializer.GetMaxSize(value));
        var back = serializer.Deserialize(buffer.WrittenSpan, out int consumed);
        Assert.Equal(buffer.WrittenCount, consumed);

        // The span API gives the same bytes, and reports a too-small destination.
        Span<byte> exact = new byte[size];
        Assert.True(serializer.TrySerialize(value, exact, out int written));
        Assert.Equal(size, written);
        Assert.True(exact.SequenceEqual(buffer.WrittenSpan));
        Assert.False(serializer.TrySerialize(value, new byte[size - 1], out _));
        return back;
    }

    public static TheoryData<AllPrimitives> Primitives => new()
    {
        default,
        new(true, 255, -128, short.MinValue, ushort.MaxValue, int.MinValue, uint.MaxValue, long.MinValue, ulong.MaxValue, '\uffff',
            float.NaN, double.NegativeInfinity, decimal.MaxValue, DateTime.MaxValue, TimeSpan.MinValue, Guid.NewGuid(), Level.Low),
        new(false, 1, 127, short.MaxValue, 0, int.MaxValue, 0, long.MaxValue, 0, 'é', -0f, double.Epsilon, -79228162514264337593543950.335m,
            new DateTime(2026, 11, 21, 13, 0, 0, DateTimeKind.Local), TimeSpan.FromTicks(1), Guid.Empty, (Level)1234),
    };

    [Theory]
    [MemberData(nameof(Primitives))]
    public void AllPrimitivesRoundTrip(AllPrimitives value)
    {
        var back = RoundTrip(value, out _);
        Assert.Equal(value, back);
        Assert.Equal(value.At.Kind, back.At.Kind);
        Assert.Equal(decimal.GetBits(value.Money), decimal.GetBits(back.Money)); // scale preserved
    }

    [Fact]
    public void NestedCollectionsAndNullablesRoundTrip()
    {
        var shape = new Shape("tri", null, new Point(1, -1), null, [new(0, 0), new(3, 4)], ["a", null, "ü"], [1, null, -3],
            [[1, 2], [], [long.MaxValue]], new Shape("child", "n", default, new Point(9, 9), [], [], [], [], null, [Level.High, Level.Low], 1.50m), null, 12.5m)
        { Updated = new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc) };
        var back = RoundTrip(shape, out _);
        Assert.Equal(shape.Name, back.Name);
        Assert.Null(back.Note);
        Assert.Equal(shape.Origin, back.Origin);
        Assert.Null(back.Anchor);
        Assert.Equal(shape.Vertices, back.Vertices);
        Assert.Equal(shape.Tags, back.Tags);
        Assert.Equal(shape.Weights, back.Weights);
        Assert.Equal(shape.Matrix, back.Matrix);
        Assert.Equal(shape.Child!.Levels, back.Child!.Levels);
        Assert.Equal(1.50m, back.Child.Price);
        Assert.Equal(new Point(9, 9), back.Child.Anchor);
        Assert.Null(back.Levels);
        Assert.Equal(shape.Updated, back.Updated);
    }

    [Fact]
    public void NonNullableReferencesNeverReadBackAsNull()
    {
        var back = RoundTrip(new Shape(null!, null, default, null, null!, null!, null!, null!, null, null, null), out _);
        Assert.Equal("", back.Name);
        Assert.Empty(back.Vertices);
        Assert.Empty(back.Tags);
        Assert.Empty(back.Matrix);
        Assert.Null(back.Levels); // nullable: stays null
        var bid = RoundTrip(default(Bid), out _);
        Assert.Equal(new Bid(0, 0, 0, "", "", 0, ""), bid);
    }

    [Fact]
    public void MutableClassRoundTripsWithGeneratedEquality()
    {
        var account = new Account { Id = 7, Owner = "Ada", Transactions = [1, -2, 3], Balance = 10.5, Cache = new object() };
        var back = RoundTrip(account, out _);
        Assert.Equal(account, back);
        Assert.Equal(account.GetHashCode(), back.GetHashCode());
        Assert.Null(back.Cache); // [NotSerialized]
        Assert.NotEqual(account, new Account { Id = 7, Owner = "Ada", Transactions = [1, -2], Balance = 10.5 });
    }

    [Fact]
    public void LongStringsAndLargeRecordsUseMultiByteLengths()
    {
        string big = new string('x', 70_000) + "ü";
        var shape = new Shape(big, big, default, null, [.. Enumerable.Range(0, 5000).Select(i => new Point(i, -i))], [big], [], [], null, null, null);
        var back = RoundTrip(shape, out int size);
        Assert.True(size > 140_000);
        Assert.Equal(big, back.Name);
        Assert.Equal(shape.Vertices, back.Vertices);
    }

    [Fact]
    public void NexmarkEventsRoundTrip()
    {
        var generator = new NexmarkGenerator(new NexmarkGeneratorConfig { EventCount = 3000 });
        int bids = 0, people = 0, auctions = 0;
        for (long i = 0; i < 3000; i++)
        {
            var e = generator.Generate(i);
            switch (e.Type)
            {
                case NexmarkEventType.Bid: Assert.Equal(e.Bid, RoundTrip(e.Bid, out _)); bids++; break;
                case NexmarkEventType.Person: Assert.Equal(e.Person, RoundTrip(e.Person, out _)); people++; break;
                case NexmarkEventType.Auction: Assert.Equal(e.Auction, RoundTrip(e.Auction, out _)); auctions++; break;
            }
        }
        Assert.True(bids > 0 && people > 0 && auctions > 0);
    }

    [Fact]
    public void ConcatenatedRecordsReadBackInOrder()
    {
        var serializer = Bid.Serializer.Instance;
        var buffer = new ArrayBufferWriter<byte>();
        var bids = Enumerable.Range(0, 100).Select(i => new Bid(i, i * 2, i * 3, "c" + i, "u", i, new string('e', i))).ToList();
        foreach (var b in bids) serializer.Serialize(b, buffer);
        var span = buffer.WrittenSpan;
        foreach (var expected in bids)
        {
            Assert.Equal(expected, serializer.Deserialize(span, out int consumed));
            span = span[consumed..];
        }
        Assert.True(span.IsEmpty);
    }

    [Fact]
    public void BidRoundTripAllocatesNothingWithAStringCache()
    {
        var serializer = Bid.Serializer.Instance;
        var bid = new NexmarkGenerator(new NexmarkGeneratorConfig()).GenerateBid(12349);
        var buffer = new ArrayBufferWriter<byte>(4096);
        var cache = new Utf8StringCache();
        long sum = 0;
        for (int i = 0; i < 1000; i++) Loop();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++) Loop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.NotEqual(0, sum);

        void Loop()
        {
            buffer.ResetWrittenCount();
            serializer.Serialize(bid, buffer);
            sum += serializer.Deserialize(buffer.WrittenSpan, out _, cache).Price;
        }
    }

    [Fact]
    public void ValueOnlyRecordRoundTripAllocatesNothing()
    {
        var serializer = RecordSerializers.Get<Point>();
        Span<byte> buffer = stackalloc byte[64];
        long sum = 0;
        for (int i = 0; i < 1000; i++) sum += Once(buffer, i);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++) sum += Once(buffer, i);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.NotEqual(0, sum);

        int Once(Span<byte> b, int i)
        {
            serializer.TrySerialize(new Point(i, -i), b, out int n);
            return serializer.Deserialize(b[..n], out _).X;
        }
    }
}
