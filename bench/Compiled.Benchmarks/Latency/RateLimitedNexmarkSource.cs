using System.Diagnostics;
using Compiled.Connectors;
using Compiled.Connectors.Nexmark;

namespace Compiled.Benchmarks.Latency;

/// <summary>
/// The Nexmark generator as an unbounded source that emits each event at its creation instant (per
/// <see cref="LatencyClock"/>), never earlier: a fixed input rate. The generator's event times are spaced by the rate, so
/// an event's time names the Stopwatch instant it was due; an event emitted late (the job could not keep up) still
/// counts its latency from when it was due, so backlog shows up as latency rather than as a lower rate.
/// </summary>
internal sealed class RateLimitedNexmarkSource(NexmarkGeneratorConfig config, LatencyClock clock) : ISource<NexmarkEvent>
{
    public Boundedness Boundedness => Boundedness.Unbounded;

    public ISourceReader<NexmarkEvent> CreateReader(SourceReaderContext context) => new Reader(new NexmarkGenerator(config), clock, context);

    private sealed class Reader(NexmarkGenerator generator, LatencyClock clock, SourceReaderContext context) : ISourceReader<NexmarkEvent>, ICheckpointedSourceReader
    {
        private const int MaxBatch = 1024;
        private long _index;

        public InputStatus PollNext(SourceOutput<NexmarkEvent> output)
        {
            var split = output.Split(context.SubtaskIndex);
            long now = Stopwatch.GetTimestamp();
            for (int i = 0; i < MaxBatch; i++)
            {
                long n = NexmarkGenerator.EventNumberOfSplit(context.SubtaskIndex, context.Parallelism, _index);
                if (clock.CreationTicks(generator.TimestampOf(n)) > now) return InputStatus.NothingAvailable; // the task flushes and polls again in ~1 ms
                split.Collect(generator.Generate(n));
                _index++;
            }
            return InputStatus.MoreAvailable; // behind schedule: catch up
        }

        public byte[] SnapshotPosition() => BitConverter.GetBytes(_index);

        public void RestorePosition(ReadOnlySpan<byte> position) => _index = BitConverter.ToInt64(position);

        public void Dispose() { }
    }
}
