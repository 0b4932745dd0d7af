using System.Text;
using Compiled.Connectors;
using Compiled.Functions;
using Compiled.Process;
using Compiled.Serialization;
using Compiled.State;
using Compiled.Tests.Support;

namespace Compiled.Tests.State;

public class KeyGroupTests
{
    /// <summary>MurmurHash3 x86_32 written out from the reference algorithm, independent of the runtime's version.</summary>
    private static uint ReferenceMurmur3(byte[] data, uint seed)
    {
        static uint Rotl(uint x, int r) => (x << r) | (x >> (32 - r));
        const uint c1 = 0xcc9e2d51, c2 = 0x1b873593;
        uint h1 = seed;
        int nblocks = data.Length / 4;
        for (int i = 0; i < nblocks; i++)
        {
            uint k1 = (uint)(data[4 * i] | data[4 * i + 1] << 8 | data[4 * i + 2] << 16 | data[4 * i + 3] << 24);
            k1 *= c1; k1 = Rotl(k1, 15); k1 *= c2;
            h1 ^= k1; h1 = Rotl(h1, 13); h1 = h1 * 5 + 0xe6546b64;
        }
        uint k = 0;
        int tail = nblocks * 4;
        switch (data.Length & 3)
        {
            case 3: k ^= (uint)data[tail + 2] << 16; goto case 2;
            case 2: k ^= (uint)data[tail + 1] << 8; goto case 1;
            case 1: k ^= data[tail]; k *= c1; k = Rotl(k, 15); k *= c2; h1 ^= k; break;
        }
        h1 ^= (uint)data.Length;
        h1 ^= h1 >> 16; h1 *= 0x85ebca6b; h1 ^= h1 >> 13; h1 *= 0xc2b2ae35; h1 ^= h1 >> 16;
        return h1;
    }

    public static TheoryData<byte[], uint, uint> PublishedVectors => new()
    {
        { [], 0u, 0u },
        { [], 1u, 0x514E28B7u },
        { [], 0xffffffffu, 0x81F16F39u },
        { [0xff, 0xff, 0xff, 0xff], 0u, 0x76293B50u },
        { [0x21, 0x43, 0x65, 0x87], 0u, 0xF55B516Bu },
        { [0x21, 0x43, 0x65, 0x87], 0x5082EDEEu, 0x2362F9DEu },
        { [0x21, 0x43, 0x65], 0u, 0x7E4A8634u },
        { [0x21, 0x43], 0u, 0xA0F7B07Au },
        { [0x21], 0u, 0x72661CF4u },
        { [0, 0, 0, 0], 0u, 0x2362F9DEu },
        { [0, 0, 0], 0u, 0x85F0B427u },
        { [0, 0], 0u, 0x30F4C306u },
        { [0], 0u, 0x514E28B7u },
    };

    [Theory]
    [MemberData(nameof(PublishedVectors))]
    public void Murmur3MatchesPublishedVectors(byte[] data, uint seed, uint expected)
    {
        Assert.Equal(expected, ReferenceMurmur3(data, seed));
        Assert.Equal(expected, Murmur3.Hash(data, seed));
    }

    [Fact]
    public void Murmur3MatchesTheReferenceForEveryLengthAndSeed()
    {
        var random = new Random(42);
        for (int length = 0; length < 70; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);
            foreach (uint seed in new[] { 0u, 1u, 0x9747b28cu })
                Assert.Equal(ReferenceMurmur3(data, seed), Murmur3.Hash(data, seed));
        }
        Assert.Equal(0x2E4FF723u, ReferenceMurmur3(Encoding.UTF8.GetBytes("The quick brown fox jumps over the lazy dog"), 0));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(-1L)]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    [InlineData(0x0123456789ABCDEFL)]
    public void LongKeysHashLikeTheirLittleEndianBytes(long key)
    {
        byte[] bytes = BitConverter.GetBytes(key);
        if (!BitConverter.IsLittleEndian) Array.Reverse(bytes);
        uint expected = ReferenceMurmur3(bytes, 0);
        Assert.Equal(expected, Murmur3.Hash(key));
        Assert.Equal(expected, KeySerializers.Get<long>().Hash(key));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("bidder-42")]
    [InlineData("Grüße, 東京 🚀")]
    public void StringKeysHashIdenticallyToTheirUtf8Bytes(string key)
    {
        Assert.Equal(ReferenceMurmur3(Encoding.UTF8.GetBytes(key), 0), KeySerializers.Get<string>().Hash(key));
    }

    [Fact]
    public void LongStringKeysAlsoHashTheirUtf8Bytes()
    {
        string key = string.Concat(Enumerable.Repeat("ключ-", 60));
        Assert.Equal(ReferenceMurmur3(Encoding.UTF8.GetBytes(key), 0), KeySerializers.Get<string>().Hash(key));
    }

    [Fact]
    public void KeyGroupIsTheHashModuloMaxParallelism()
    {
        Assert.Equal(0, KeyGroups.KeyGroupOf(0, 128));
        Assert.Equal(127, KeyGroups.KeyGroupOf(uint.MaxValue, 128));
        Assert.Equal((int)(0xF55B516Bu % 128), KeyGroups.KeyGroupOf(0xF55B516Bu, 128));
    }

    [Fact]
    public void RangesCoverAllKeyGroupsExactlyOnceAndMatchSubtaskOf()
    {
        const int max = KeyGroups.DefaultMaxParallelism;
        for (int parallelism = 1; parallelism <= 10; parallelism++)
        {
            var owner = new int[max];
            Array.Fill(owner, -1);
            for (int subtask = 0; subtask < parallelism; subtask++)
            {
                var range = KeyGroups.RangeOf(subtask, parallelism, max);
                Assert.True(range.Count > 0, $"subtask {subtask}/{parallelism} owns no key group");
                for (int g = range.Start; g <= range.End; g++)
                {
                    Assert.Equal(-1, owner[g]);
                    owner[g] = subtask;
                }
            }
            for (int g = 0; g < max; g++)
                Assert.Equal(KeyGroups.SubtaskOf(g, parallelism, max), owner[g]);
        }
    }

    [Fact]
    public void RangeOfRejectsParallelismAboveMaxParallelism()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => KeyGroups.RangeOf(0, 200, 128));
        Assert.Contains("maxParallelism (128)", ex.Message);
    }

    private sealed class KeyAndSubtask : KeyedProcessFunction<string, string, (string Key, int Subtask)>
    {
        public override void ProcessElement(in string value, KeyedContext<string> context, ICollector<(string, int)> output) =>
            output.Collect((context.CurrentKey, RuntimeContext.SubtaskIndex));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    public void KeyByRoutesEveryKeyToExactlyOneSubtaskItsKeyGroupOwns(int parallelism)
    {
        var env = TestJobs.Env(parallelism);
        var keys = Enumerable.Range(0, 500).Select(i => $"key-{i % 97}").ToList();
        var sink = new CollectSink<(string Key, int Subtask)>();
        env.FromCollection(keys).KeyBy(k => k).Process(new KeyAndSubtask()).SinkTo(sink);
        env.Execute();

        Assert.Equal(keys.Count, sink.Results.Count);
        foreach (var group in sink.Results.GroupBy(r => r.Key))
        {
            int keyGroup = KeyGroups.KeyGroupOf(ReferenceMurmur3(Encoding.UTF8.GetBytes(group.Key), 0), 128);
            int expected = KeyGroups.SubtaskOf(keyGroup, parallelism, 128);
            Assert.All(group, r => Assert.Equal(expected, r.Subtask));
        }
        if (parallelism > 1) Assert.True(sink.Results.Select(r => r.Subtask).Distinct().Count() > 1, "all keys landed on one subtask");
    }
}
