using System.Text.Json;

namespace Nexmark.Tests.Queries;

// Inside the namespace so these types win over any same-named types in the samples' Nexmark namespace.
using Compiled.Api;
using Compiled.Cluster;
using Compiled.Connectors.Nexmark;
using Nexmark.Job;
using Nexmark.Tests.Reference;

/// <summary>
/// The changelogs of the updating queries, change by change on small inputs (at parallelism 1 the order is fixed),
/// and q18/q19's tie-breaking: whatever order tied bids arrive in, the final table is the reference's.
/// </summary>
public sealed class UpdatingQueryTests : IDisposable
{
    /// <summary>2026-01-01 00:00:00.000.</summary>
    private const long T = 1_767_225_600_000L;

    private const string At = "2026-01-01 00:00:00.";

    private readonly TempDirectory _directory = new();

    private static NexmarkEvent B(long auction, long bidder, long price, long t, string channel = "c", string extra = "") =>
        NexmarkEvent.OfBid(new Bid(auction, bidder, price, channel, "u", t, extra));

    private static string Bid(string op, long auction, long bidder, long price, int millis, string channel = "c") =>
        $"op={op}|auction={auction}|bidder={bidder}|price={price}|channel={channel}|url=u|dateTime={At}{millis:000}|extra=";

    [Fact]
    public void Q17RetractsThePreviousAggregateBeforeEachNewOne()
    {
        var changes = Changes("q17", [B(1, 7, 10, T), B(1, 8, 2_000_000, T + 1), B(2, 8, 5, T + 2)]);

        const string Day = "day=2026-01-01";
        Assert.Equal(
        [
            $"op=+I|auction=1|{Day}|total_bids=1|rank1_bids=1|rank2_bids=0|rank3_bids=0|min_price=10|max_price=10|avg_price=10|sum_price=10",
            $"op=-U|auction=1|{Day}|total_bids=1|rank1_bids=1|rank2_bids=0|rank3_bids=0|min_price=10|max_price=10|avg_price=10|sum_price=10",
            $"op=+U|auction=1|{Day}|total_bids=2|rank1_bids=1|rank2_bids=0|rank3_bids=1|min_price=10|max_price=2000000|avg_price=1000005|sum_price=2000010",
            $"op=+I|auction=2|{Day}|total_bids=1|rank1_bids=1|rank2_bids=0|rank3_bids=0|min_price=5|max_price=5|avg_price=5|sum_price=5",
        ], changes);
    }

    [Fact]
    public void Q18ReplacesTheKeptBidOnlyWithALaterOne()
    {
        var changes = Changes("q18", [B(1, 7, 10, T + 10), B(1, 7, 11, T + 5), B(1, 7, 12, T + 20), B(1, 7, 13, T + 20, channel: "b")]);

        Assert.Equal(
        [
            Bid("+I", 1, 7, 10, 10),
            Bid("-U", 1, 7, 10, 10), // the bid at +5 ms is earlier: no change
            Bid("+U", 1, 7, 12, 20),
            Bid("-U", 1, 7, 12, 20), // same time, higher price: replaces it
            Bid("+U", 1, 7, 13, 20, channel: "b"),
        ], changes);
    }

    [Fact]
    public void Q19UpdatesEveryRankFromTheNewBidDown()
    {
        var changes = Changes("q19", [B(1, 7, 10, T), B(1, 8, 30, T + 1), B(1, 9, 20, T + 2)]);

        Assert.Equal(
        [
            Bid("+I", 1, 7, 10, 0) + "|rank_number=1",
            Bid("-U", 1, 7, 10, 0) + "|rank_number=1",
            Bid("+U", 1, 8, 30, 1) + "|rank_number=1",
            Bid("+I", 1, 7, 10, 0) + "|rank_number=2",
            Bid("-U", 1, 7, 10, 0) + "|rank_number=2",
            Bid("+U", 1, 9, 20, 2) + "|rank_number=2",
            Bid("+I", 1, 7, 10, 0) + "|rank_number=3",
        ], changes);
    }

    [Fact]
    public void Q19KeepsTenRanksAndIgnoresBidsBelowThem()
    {
        var events = Enumerable.Range(1, 10).Select(i => B(1, i, 100 + i, T + i)).Append(B(1, 99, 1, T + 50)).ToList();

        var changes = Changes("q19", events);

        Assert.DoesNotContain(changes, c => c.Contains("|bidder=99|", StringComparison.Ordinal));
        Assert.DoesNotContain(changes, c => c.EndsWith("|rank_number=11", StringComparison.Ordinal));
        Assert.Equal(10, changes.Count(c => c.StartsWith("op=+I", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("q18", 1)]
    [InlineData("q18", 4)]
    [InlineData("q19", 1)]
    [InlineData("q19", 4)]
    public void TiedBidsGiveTheSameTableInAnyArrivalOrder(string query, int parallelism)
    {
        // Few auctions and bidders, two times and three prices: many bids tie on q18's time and on q19's price.
        var tied = Enumerable.Range(0, 240)
            .Select(i => B(i % 3, 10 + (i % 4), 100 * (1 + (i % 3)), T + (i % 2), channel: $"ch{i % 5}", extra: $"x{i % 7}"))
            .ToList();
        var expected = NexmarkReference.Run(query, tied);

        for (int seed = 1; seed <= 3; seed++)
        {
            var shuffled = tied.ToArray();
            new Random(seed).Shuffle(shuffled);
            Assert.Equal(expected, Changelog.Fold(Run(query, [.. shuffled], parallelism)).Rows);
        }
    }

    /// <summary>The changes <paramref name="query"/> writes for <paramref name="events"/> at parallelism 1, in order.</summary>
    private List<string> Changes(string query, List<NexmarkEvent> events) =>
        Run(query, events, parallelism: 1).Select(line =>
        {
            using var row = JsonDocument.Parse(line);
            return CanonicalRows.Of(row.RootElement.EnumerateObject());
        }).ToList();

    private List<string> Run(string query, List<NexmarkEvent> events, int parallelism)
    {
        string name = $"{query}-p{parallelism}-{Guid.NewGuid():N}";
        string input = _directory.File(name + "-events.jsonl");
        string output = _directory.File(name + "-rows.jsonl");
        EventFiles.Write(input, events);
        var env = new StreamEnvironment(new ExecutionConfig { Parallelism = parallelism });
        NexmarkJob.Build(query, NexmarkInputs.File(env, input), new ResultSink(output));
        env.Execute(query);
        return [.. File.ReadLines(output)];
    }

    /// <inheritdoc />
    public void Dispose() => _directory.Dispose();
}
