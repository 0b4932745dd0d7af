using System.Globalization;

namespace Nexmark.Tests.Queries;

// Inside the namespace so these types win over any same-named types in the samples' Nexmark namespace.
using Compiled.Api;
using Compiled.Cluster;
using Compiled.Connectors.Nexmark;
using Nexmark.Job;
using Nexmark.Tests.Reference;

/// <summary>
/// q12's windows are 10 s of processing time. With a clock that runs 2 000 times faster, many windows close while the
/// job runs (fired by processing-time timers; the input is rate-capped so the run spans many) and the last ones at the end of input; either way every bid is counted
/// in exactly one window of its bidder, and every window is an aligned 10 s tumble inside the run's clock time.
/// </summary>
public sealed class ProcessingTimeWindowTests(QueryInputFixture input) : IClassFixture<QueryInputFixture>
{
    private const long SizeMillis = 10_000;

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void EveryBidIsCountedOnceInAlignedWindowsThatCloseWhileTheJobRuns(int parallelism)
    {
        var clock = new AcceleratedClock(speed: 2_000);
        string output = Path.Combine(input.OutputDirectory, $"q12-accelerated-p{parallelism}.jsonl");
        var env = new StreamEnvironment(new ExecutionConfig { Parallelism = parallelism, TimeProvider = clock });
        // At most 200k events/s: the 40k events take >= 0.2 s of real time (400 s on the clock, ~40 windows) however fast the machine.
        NexmarkJob.Build("q12", NexmarkInputs.File(env, input.ShuffledPath, maxRate: 200_000), new ResultSink(output));

        long started = clock.GetUtcNow().ToUnixTimeMilliseconds();
        env.Execute("q12");
        long ended = clock.GetUtcNow().ToUnixTimeMilliseconds();

        var windows = CanonicalRows.FromJsonLines(File.ReadLines(output)).Select(Parse).ToList();
        Assert.Equal(input.Expected("q12"), QueryOutput.BidsPerBidder(CanonicalRows.FromJsonLines(File.ReadLines(output))));
        Assert.All(windows, w =>
        {
            Assert.Equal(SizeMillis, w.End - w.Start);
            Assert.Equal(0, w.Start % SizeMillis);
            Assert.InRange(w.Start, started - SizeMillis, ended);
            Assert.True(w.Count > 0);
        });
        Assert.Equal(windows.Count, windows.Select(w => (w.Bidder, w.Start)).Distinct().Count());
        Assert.True(windows.Select(w => w.Start).Distinct().Count() > 1, "the whole run fell into one window: the clock did not run fast enough");
    }

    private static (long Bidder, long Count, long Start, long End) Parse(string row)
    {
        string[] c = row.Split('|').Select(p => p[(p.IndexOf('=', StringComparison.Ordinal) + 1)..]).ToArray();
        return (long.Parse(c[0], CultureInfo.InvariantCulture), long.Parse(c[1], CultureInfo.InvariantCulture), NexmarkTimestamp.Parse(c[2]), NexmarkTimestamp.Parse(c[3]));
    }
}
