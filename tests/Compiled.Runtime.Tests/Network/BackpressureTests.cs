using Compiled.Cluster;
using Compiled.Connectors;

namespace Compiled.Tests.Network;

public class BackpressureTests
{
    /// <summary>Sleeps 1 ms every 500 records, so a fast producer outruns it; counts and sums what arrives.</summary>
    private sealed class SlowSink : ISink<int>
    {
        public long Count;
        public long Sum;

        public ISinkWriter<int> CreateWriter(SinkContext context) => new Writer(this);

        private sealed class Writer(SlowSink sink) : ISinkWriter<int>
        {
            private long _local;

            public void Write(in int value, long timestamp)
            {
                Interlocked.Add(ref sink.Sum, value);
                Interlocked.Increment(ref sink.Count);
                if (++_local % 500 == 0) Thread.Sleep(1);
            }

            public void Finish() { }
            public void Dispose() { }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void SlowSinkBoundsChannelMemoryAndLosesNothing(int parallelism)
    {
        const int records = 300_000;
        var env = new Compiled.Api.StreamEnvironment(new ExecutionConfig { Parallelism = parallelism, BatchSize = 64, ChannelCapacity = 2 });
        var sink = new SlowSink();
        env.FromCollection(Enumerable.Range(0, records)).Rebalance().Map(i => i).SinkTo(sink);
        var result = env.Execute();

        Assert.Equal(records, sink.Count);
        Assert.Equal((long)records * (records - 1) / 2, sink.Sum);
        Assert.Equal(parallelism, result.Channels.Count);
        Assert.All(result.Channels, c =>
        {
            Assert.Equal(2, c.Capacity);
            Assert.InRange(c.MaxQueued, 1, c.Capacity);
            Assert.InRange(c.BatchesAllocated, 1, c.Capacity + 2);
        });
        // The producer really was held back: some channel filled up to its capacity.
        Assert.Contains(result.Channels, c => c.MaxQueued == c.Capacity);
    }
}
