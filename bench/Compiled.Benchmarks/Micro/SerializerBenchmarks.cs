using System.Buffers;
using BenchmarkDotNet.Attributes;
using Compiled.Benchmarks.Chains;
using Compiled.Connectors.Nexmark;
using Compiled.Serialization;

namespace Compiled.Benchmarks.Micro;

/// <summary>
/// The generated [StreamRecord] serializers on generated Nexmark records, per record: serialize into a pooled buffer, and
/// deserialize with a string cache. Run with <c>./build.sh bench -- micro --filter *SerializerBenchmarks*</c>.
/// </summary>
[MemoryDiagnoser]
public class SerializerBenchmarks
{
    private const int Records = 1024;
    private readonly ArrayBufferWriter<byte> _buffer = new(Records * 1024);
    private readonly Utf8StringCache _cache = new();
    private Bid[] _bids = [];
    private Auction[] _auctions = [];
    private byte[] _bidBytes = [];
    private byte[] _auctionBytes = [];

    /// <summary>Generates the records and their encodings once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _bids = ChainMeasurements.Bids(Records);
        var generator = new NexmarkGenerator(new NexmarkGeneratorConfig { EventCount = long.MaxValue });
        var auctions = new List<Auction>(Records);
        for (long n = 0; auctions.Count < Records; n++)
            if (generator.TypeOf(n) == NexmarkEventType.Auction) auctions.Add(generator.GenerateAuction(n));
        _auctions = [.. auctions];
        _bidBytes = Encode(_bids, Bid.Serializer.Instance);
        _auctionBytes = Encode(_auctions, Auction.Serializer.Instance);
    }

    /// <summary>Bid to bytes.</summary>
    [Benchmark(OperationsPerInvoke = Records)]
    public int SerializeBid() => Serialize(_bids, Bid.Serializer.Instance);

    /// <summary>Bytes to Bid.</summary>
    [Benchmark(OperationsPerInvoke = Records)]
    public long DeserializeBid() => Deserialize(_bidBytes, Bid.Serializer.Instance);

    /// <summary>Auction to bytes.</summary>
    [Benchmark(OperationsPerInvoke = Records)]
    public int SerializeAuction() => Serialize(_auctions, Auction.Serializer.Instance);

    /// <summary>Bytes to Auction.</summary>
    [Benchmark(OperationsPerInvoke = Records)]
    public long DeserializeAuction() => Deserialize(_auctionBytes, Auction.Serializer.Instance);

    private int Serialize<T>(T[] records, RecordSerializer<T> serializer)
    {
        _buffer.ResetWrittenCount();
        foreach (ref readonly var r in records.AsSpan()) serializer.Serialize(r, _buffer);
        return _buffer.WrittenCount;
    }

    private long Deserialize<T>(byte[] bytes, RecordSerializer<T> serializer)
    {
        ReadOnlySpan<byte> span = bytes;
        long consumedTotal = 0;
        while (!span.IsEmpty)
        {
            serializer.Deserialize(span, out int consumed, _cache);
            consumedTotal += consumed;
            span = span[consumed..];
        }
        return consumedTotal;
    }

    private static byte[] Encode<T>(T[] records, RecordSerializer<T> serializer)
    {
        var buffer = new ArrayBufferWriter<byte>();
        foreach (ref readonly var r in records.AsSpan()) serializer.Serialize(r, buffer);
        return buffer.WrittenSpan.ToArray();
    }
}
