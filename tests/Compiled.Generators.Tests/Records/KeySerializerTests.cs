using System.Buffers;
using Compiled.Api;
using Compiled.Cluster;
using Compiled.Connectors;
using Compiled.Serialization;

namespace Compiled.Generators.Tests.Records;

/// <summary>Generated key serializers: found by KeySerializers.Get, canonical bytes, murmur3 hash, and KeyBy end to end.</summary>
public class KeySerializerTests
{
    [Fact]
    public void KeySerializersFindTheGeneratedOne()
    {
        Assert.IsType<RecordKeySerializer<TenantKey>>(KeySerializers.Get<TenantKey>());
        Assert.IsType<RecordKeySerializer<Compiled.Connectors.Nexmark.Bid>>(KeySerializers.Get<Compiled.Connectors.Nexmark.Bid>());
    }

    [Fact]
    public void HashIsMurmur3OfTheCanonicalBytes()
    {
        var serializer = KeySerializers.Get<TenantKey>();
        foreach (var key in new[] { new TenantKey("acme", 3, 1.5m), new TenantKey("", -1, 0m), new TenantKey(new string('k', 2000), long.MaxValue, 1m) })
        {
            var buffer = new ArrayBufferWriter<byte>();
            serializer.Write(key, buffer);
            Assert.Equal(Murmur3.Hash(buffer.WrittenSpan), serializer.Hash(key));
        }
    }

    [Fact]
    public void EqualKeysHashEqually()
    {
        var serializer = KeySerializers.Get<TenantKey>();
        var a = new TenantKey("acme", 3, 1.5m);
        var b = new TenantKey("acme", 3, 1.500m); // equal decimal, different scale
        Assert.Equal(a, b);
        Assert.Equal(serializer.Hash(a), serializer.Hash(b));
        Assert.NotEqual(serializer.Hash(a), serializer.Hash(a with { Region = 4 }));
        Assert.Equal(serializer.Hash(a), KeySerializers.Get<TenantKey>().Hash(new TenantKey("acme", 3, 1.5m)));
    }

    [Fact]
    public void HashingDoesNotAllocate()
    {
        var serializer = KeySerializers.Get<TenantKey>();
        var key = new TenantKey("acme", 3, 1.5m);
        uint h = 0;
        for (int i = 0; i < 100; i++) h ^= serializer.Hash(key);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++) h ^= serializer.Hash(key);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void KeyByOnAStreamRecordKeyWorksEndToEnd(int parallelism)
    {
        var env = new StreamEnvironment(new ExecutionConfig { Parallelism = parallelism });
        string[] tenants = ["acme", "globex", "initech", "umbrella", "hooli"];
        var input = Enumerable.Range(0, 5000).Select(i => (Key: new TenantKey(tenants[i % 5], i % 3, (i % 2) == 0 ? 1.0m : 1.00m), Value: (long)i)).ToList();
        var sink = new CollectSink<(TenantKey Key, long Value)>();
        env.FromCollection(input)
           .KeyBy(e => e.Key)
           .Reduce((a, b) => (a.Key, a.Value + b.Value))
           .SinkTo(sink);
        env.Execute();

        var expected = input.GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Sum(e => e.Value));
        var finals = sink.Results.GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.Max(r => r.Value));
        Assert.Equal(15, expected.Count);
        Assert.Equal(expected.OrderBy(kv => kv.Key.ToString()), finals.OrderBy(kv => kv.Key.ToString()));
    }
}
