namespace Nexmark.Tests.Queries;

// Inside the namespace so these types win over any same-named types in the samples' Nexmark namespace.
using Compiled.Api;
using Compiled.Cluster;
using Compiled.Connectors.Nexmark;
using Nexmark.Job;
using Nexmark.Tests.Reference;

/// <summary>
/// Records exactly 4 000 ms behind the largest timestamp seen are not late for a 4 s bounded-out-of-orderness
/// watermark (which trails by 4 001 ms), yet they arrive after windows ending at their own timestamp have fired.
/// EventShuffler stays 1 ms inside that bound, so these hand-made inputs cover the edge: a q7 bid exactly at a
/// window end, and a q11 bid exactly one gap after the previous bid of its bidder.
/// </summary>
public sealed class WatermarkBoundaryTests : IDisposable
{
    /// <summary>2026-01-01 00:00:00.000, a multiple of 10 s.</summary>
    private const long T = 1_767_225_600_000L;

    /// <summary>More than one source batch (512 lines), so a watermark is emitted before the straggler is read.</summary>
    private const int Filler = 600;

    private readonly TempDirectory _directory = new();

    private static NexmarkEvent B(long auction, long bidder, long price, long t) =>
        NexmarkEvent.OfBid(new Bid(auction, bidder, price, "Google", "https://u", t, ""));

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Q7MatchesABidAtTheWindowEndThatArrivesAfterTheWindowFired(int parallelism)
    {
        var events = new List<NexmarkEvent> { B(1, 101, 80, T + 5_000) };
        events.AddRange(Enumerable.Repeat(B(2, 102, 1, T + 14_000), Filler));  // watermark -> T + 9 999: [T, T + 10 s) fires
        events.Add(B(3, 103, 80, T + 10_000));                                 // 4 000 ms behind: on time, matches both windows

        List<string> rows = Run("q7", events, parallelism);

        Assert.Equal(NexmarkReference.Run("q7", events), rows);
        Assert.Equal(2, rows.Count(r => r.StartsWith("auction=3|", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Q11ExtendsASessionWithABidExactlyOneGapLaterThatArrivesAtTheWatermark(int parallelism)
    {
        var events = new List<NexmarkEvent> { B(1, 7, 1, T) };
        events.AddRange(Enumerable.Repeat(B(1, 9, 1, T + 14_000), Filler)); // watermark -> T + 9 999, the session's last millisecond
        events.Add(B(1, 7, 1, T + 10_000));                                // touches [T, T + 10 s): same session

        List<string> rows = Run("q11", events, parallelism);

        Assert.Equal(NexmarkReference.Run("q11", events), rows);
        Assert.Contains("bidder=7|bid_count=2|starttime=2026-01-01 00:00:00.000|endtime=2026-01-01 00:00:20.000", rows);
    }

    private List<string> Run(string query, List<NexmarkEvent> events, int parallelism)
    {
        string input = _directory.File($"{query}-{parallelism}-events.jsonl");
        string output = _directory.File($"{query}-{parallelism}-rows.jsonl");
        EventFiles.Write(input, events);
        var env = new StreamEnvironment(new ExecutionConfig { Parallelism = parallelism });
        NexmarkJob.Build(query, NexmarkInputs.File(env, input), new ResultSink(output));
        env.Execute(query);
        return CanonicalRows.FromJsonLines(File.ReadLines(output));
    }

    /// <inheritdoc />
    public void Dispose() => _directory.Dispose();
}
