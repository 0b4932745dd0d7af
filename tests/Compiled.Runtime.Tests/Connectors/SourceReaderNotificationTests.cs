using System.Collections.Concurrent;
using Compiled.Api;
using Compiled.Cluster;
using Compiled.Connectors;
using Compiled.EventTime;
using Compiled.Tests.Support;
using Compiled.Windowing;

namespace Compiled.Tests.Connectors;

/// <summary>What the source operator tells readers beyond polling: completed checkpoints, and activity without records.</summary>
public class SourceReaderNotificationTests
{
    /// <summary>Emits 0 .. count-1, one per poll with a pause; its position is the count emitted; records what it is told.</summary>
    private sealed class CountingSource(int count) : ISource<long>
    {
        public ConcurrentQueue<long> Snapshotted { get; } = new();
        public ConcurrentQueue<(long CheckpointId, long Position)> Completed { get; } = new();
        public Boundedness Boundedness => Boundedness.Bounded;
        public ISourceReader<long> CreateReader(SourceReaderContext context) => new Reader(this, count);

        private sealed class Reader(CountingSource source, int count) : ISourceReader<long>, ICheckpointListeningSourceReader
        {
            private long _next;

            public InputStatus PollNext(SourceOutput<long> output)
            {
                if (_next >= count) return InputStatus.EndOfInput;
                output.Collect(_next++);
                Thread.Sleep(1);
                return InputStatus.MoreAvailable;
            }

            public byte[] SnapshotPosition()
            {
                source.Snapshotted.Enqueue(_next);
                return BitConverter.GetBytes(_next);
            }

            public void RestorePosition(ReadOnlySpan<byte> position) => _next = BitConverter.ToInt64(position);

            public void NotifyCheckpointComplete(long checkpointId, ReadOnlySpan<byte> position) =>
                source.Completed.Enqueue((checkpointId, BitConverter.ToInt64(position)));

            public void Dispose() { }
        }
    }

    [Fact]
    public void AListeningReaderIsToldOfCompletedCheckpointsWithThePositionsItSnapshotted()
    {
        using var dir = new TempDirectory();
        var source = new CountingSource(400);
        var env = new StreamEnvironment(new ExecutionConfig
        {
            Parallelism = 1,
            Checkpointing = new CheckpointConfig(dir.Path, TimeSpan.FromMilliseconds(20)),
        });
        var sink = new CollectSink<long>();
        env.FromSource(source, WatermarkStrategy.NoWatermarks<long>()).SinkTo(sink);
        var result = env.Execute();

        Assert.Equal(400, sink.Results.Count);
        Assert.True(result.CompletedCheckpoints >= 2, $"only {result.CompletedCheckpoints} checkpoints completed");
        var completed = source.Completed.ToList();
        // A completion mail may still be queued when the bounded input ends, so the last checkpoints can go untold.
        Assert.InRange(completed.Count, 1, result.CompletedCheckpoints);
        Assert.All(completed, c => Assert.Contains(c.Position, source.Snapshotted));
        Assert.Equal(completed.Select(c => c.CheckpointId).Order(), completed.Select(c => c.CheckpointId));
        Assert.Equal(completed.Count, completed.Select(c => c.CheckpointId).Distinct().Count());
        Assert.Equal(completed.Select(c => c.Position).Order(), completed.Select(c => c.Position));
    }

    /// <summary>Subtask 0 emits times 0..999; subtask 1 opens a split without records and says it is still fetching while told to.</summary>
    private sealed class FetchingSource : ISource<long>
    {
        public volatile bool Fetching = true;
        public ManualResetEventSlim Release { get; } = new(false);
        public Boundedness Boundedness => Boundedness.Bounded;
        public ISourceReader<long> CreateReader(SourceReaderContext context) => new Reader(this, context.SubtaskIndex);

        private sealed class Reader(FetchingSource source, int subtask) : ISourceReader<long>
        {
            private bool _emitted;

            public InputStatus PollNext(SourceOutput<long> output)
            {
                if (source.Release.IsSet) return InputStatus.EndOfInput;
                if (subtask == 0 && !_emitted)
                {
                    for (long t = 0; t < 1000; t++) output.Collect(t);
                    _emitted = true;
                    return InputStatus.MoreAvailable;
                }
                if (subtask == 1 && source.Fetching) output.Split(0).MarkActive();
                return InputStatus.NothingAvailable;
            }

            public void Dispose() { }
        }
    }

    [Fact]
    public void ASplitMarkedActiveHoldsBackTheWatermarkPastTheIdleTimeout()
    {
        var clock = new ManualTimeProvider();
        var env = TestJobs.Env(2, time: clock);
        var source = new FetchingSource();
        var sink = new CollectSink<long>();
        env.FromSource(source, WatermarkStrategy.ForMonotonousTimestamps<long>(t => t).WithIdleness(TimeSpan.FromSeconds(5)))
           .WindowAll(TumblingEventTimeWindows.Of(TimeSpan.FromMilliseconds(100)))
           .Reduce((a, b) => a + b)
           .SinkTo(sink);

        var job = new BackgroundJob(() => env.Execute());
        try
        {
            for (int i = 0; i < 50 && job.Failure is null; i++)
            {
                clock.Advance(TimeSpan.FromSeconds(1));
                Thread.Sleep(10);
            }
            Assert.Empty(sink.Results); // 50 s past the idle timeout, the fetching split still holds event time

            source.Fetching = false;
            for (int i = 0; i < 500 && sink.Results.Count < 9 && job.Failure is null; i++)
            {
                clock.Advance(TimeSpan.FromSeconds(1));
                Thread.Sleep(10);
            }
            Assert.Null(job.Failure);
            Assert.Equal(9, sink.Results.Count); // once caught up it goes idle: the windows before subtask 0's watermark fire
        }
        finally
        {
            source.Release.Set();
        }
        job.Join(TimeSpan.FromSeconds(30));
        Assert.Equal(10, sink.Results.Count);
    }
}
