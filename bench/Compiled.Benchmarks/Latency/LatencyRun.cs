using Compiled.Api;
using Compiled.Cluster;
using Compiled.Connectors.Nexmark;
using Compiled.EventTime;

namespace Compiled.Benchmarks.Latency;

/// <summary>Runs a query on the engine, fed at a fixed rate by <see cref="RateLimitedNexmarkSource"/>, into a <see cref="LatencySink{T}"/>.</summary>
internal static class LatencyRun
{
    public static LatencyHistogram Run<TRow>(string name, Func<DataStream<NexmarkEvent>, DataStream<TRow>> query,
        LatencySettings settings, ExecutionConfig execution, TimeSpan duration)
    {
        settings.Validate();
        var clock = LatencyClock.StartingNow(settings.Speedup);
        var generator = new NexmarkGeneratorConfig
        {
            EventCount = 0, // unbounded: the run is cancelled, so no final watermark fires windows early
            BaseTime = clock.BaseTime,
            FirstEventRate = (int)Math.Round(settings.EventsPerSecond / settings.Speedup),
        };
        var env = new StreamEnvironment(execution);
        // The generated stream is in event-time order per reader, so the watermark follows it with no delay: a window's
        // row is due as soon as the window's last millisecond was created.
        var events = env.FromSource(new RateLimitedNexmarkSource(generator, clock),
            WatermarkStrategy.ForMonotonousTimestamps<NexmarkEvent>(static e => e.DateTime), "rate-limited generator");
        var sink = new LatencySink<TRow>(clock, clock.EventTimeAt(settings.WarmupOf(duration)));
        query(events).SinkTo(sink, $"{name} latency sink");
        using var stop = new CancellationTokenSource(duration);
        try
        {
            env.Execute($"nexmark-{name}-latency", stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // the end of the measurement
        }
        return sink.Merged();
    }
}
