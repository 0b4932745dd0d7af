namespace Nexmark.Tests.Queries;

// Inside the namespace so these types win over any same-named types in the samples' Nexmark namespace.
using Compiled.Api;
using Compiled.Cluster;
using Compiled.Connectors.Nexmark;
using Nexmark.Job;
using Nexmark.Tests.Reference;

/// <summary>
/// q5 and q7 keep their leaders per window in state whose lists are reused from window to window, and q7 keeps a
/// window's top bids inline up to two and in a list beyond. Hand-made windows with three- and four-way ties (within
/// an auction and across auctions), followed by windows with fewer leaders and fewer boundary bids, must give the
/// reference's rows, compiled and interpreted, at parallelism 1 and 2.
/// </summary>
public sealed class TiedLeadersTests : IDisposable
{
    /// <summary>2026-01-01 00:00:00.000, a multiple of 10 s.</summary>
    private const long T = 1_767_225_600_000L;

    private readonly TempDirectory _directory = new();

    private static NexmarkEvent B(long auction, long bidder, long price, long t) =>
        NexmarkEvent.OfBid(new Bid(auction, bidder, price, "Google", "https://u", t, $"x{bidder}"));

    /// <summary>More than one source batch (512 lines), so the source emits a watermark before the next line.</summary>
    private const int Filler = 600;

    /// <summary>Bids at <paramref name="t"/> of distinct auctions at price 0: they move the watermark to t - 4 001 ms and lead no window.</summary>
    private static IEnumerable<NexmarkEvent> Fillers(long t) => Enumerable.Range(0, Filler).Select(i => B(10_000 + i, 500 + i, 0, t));

    /// <summary>
    /// Windows of 10 s (q7's tumbling ones; q5's hopping ones overlap them) with ties, then fewer leaders; the fillers
    /// fire each window before the bids of the next reach the state that the fired window's lists are reused for.
    /// </summary>
    private static List<NexmarkEvent> Events() =>
    [
        // [T, T + 10 s): auction 1 bids 500 three times, auction 2 once (a four-way tie across auctions), lower bids around them.
        B(1, 101, 500, T + 1_000), B(1, 102, 20, T + 1_500), B(1, 103, 500, T + 2_000), B(2, 104, 500, T + 3_000),
        B(1, 105, 500, T + 4_000), B(3, 106, 499, T + 5_000), B(2, 107, 7, T + 6_000),
        // Exactly on the first window's end: three boundary bids, two at its top price.
        B(4, 108, 500, T + 10_000), B(5, 109, 500, T + 10_000), B(6, 110, 1, T + 10_000),
        .. Fillers(T + 14_500),
        .. Fillers(T + 15_000), // a second batch: the first window has fired downstream before the next boundary bid gets there
        // [T + 10 s, T + 20 s): the same top price (so the first window's boundary bids are top bids here too); one boundary bid below it at the end.
        B(7, 111, 500, T + 12_000), B(7, 112, 30, T + 13_000), B(8, 113, 2, T + 20_000),
        // [T + 20 s, T + 30 s): a tie that a higher bid replaces, then a tie at the higher price across auctions.
        B(9, 114, 700, T + 21_000), B(9, 115, 700, T + 22_000), B(9, 116, 700, T + 22_500), B(9, 117, 800, T + 23_000),
        B(10, 118, 800, T + 24_000), B(10, 119, 3, T + 25_000),
        .. Fillers(T + 24_500),
        // [T + 30 s, T + 40 s): three auctions tie on bid counts (q5) and on the top price (q7).
        B(11, 120, 5, T + 31_000), B(11, 121, 6, T + 31_100), B(12, 122, 5, T + 31_200), B(12, 123, 6, T + 31_300),
        B(13, 124, 5, T + 31_400), B(13, 125, 6, T + 31_500),
        .. Fillers(T + 34_500),
        .. Fillers(T + 44_500),
        // [T + 40 s, T + 50 s): a single leader (q5), three bids of one auction at the top price (q7).
        B(14, 126, 40, T + 45_000), B(14, 127, 40, T + 47_000), B(14, 128, 40, T + 49_000), B(15, 129, 1, T + 48_000),
    ];

    public static TheoryData<string, int, bool> Runs() => new()
    {
        { "q5", 1, false }, { "q5", 2, false }, { "q5", 1, true }, { "q5", 2, true },
        { "q7", 1, false }, { "q7", 2, false }, { "q7", 1, true }, { "q7", 2, true },
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public void TiedLeadersGiveTheReferencesRows(string query, int parallelism, bool interpreted)
    {
        var events = Events();

        List<string> rows = Run(query, events, parallelism, interpreted);

        Assert.Equal(NexmarkReference.Run(query, events), rows);
        if (query == "q7")
        {
            Assert.Equal(3, rows.Count(r => r.StartsWith("auction=1|bidder=500|", StringComparison.Ordinal))); // three-way ties in one auction
            Assert.Equal(3, rows.Count(r => r.StartsWith("auction=14|bidder=40|", StringComparison.Ordinal)));
            Assert.Single(rows, r => r.StartsWith("auction=9|", StringComparison.Ordinal)); // its tie at 700 was replaced by 800
        }
        else
        {
            Assert.Contains("auction=13|num=2", rows); // one of three tied leaders
        }
    }

    private List<string> Run(string query, List<NexmarkEvent> events, int parallelism, bool interpreted)
    {
        string input = _directory.File($"{query}-{parallelism}-{interpreted}-events.jsonl");
        string output = _directory.File($"{query}-{parallelism}-{interpreted}-rows.jsonl");
        EventFiles.Write(input, events);
        var env = new StreamEnvironment(new ExecutionConfig { Parallelism = parallelism, Interpreted = interpreted });
        NexmarkJob.Build(query, NexmarkInputs.File(env, input), new ResultSink(output));
        env.Execute(query);
        return CanonicalRows.FromJsonLines(File.ReadLines(output));
    }

    /// <inheritdoc />
    public void Dispose() => _directory.Dispose();
}
