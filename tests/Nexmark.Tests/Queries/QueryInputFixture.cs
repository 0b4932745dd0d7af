namespace Nexmark.Tests.Queries;

// Inside the namespace so these types win over any same-named types in the samples' Nexmark namespace.
using Compiled.Connectors.Nexmark;
using Nexmark.Queries;
using Nexmark.Tests.Reference;

/// <summary>
/// The input shared by the query tests: generated events written once in order and once shuffled within the
/// watermark's 4 s bound, q13's side input, plus the reference result of every query (computed lazily, once).
/// </summary>
public sealed class QueryInputFixture : IDisposable
{
    /// <summary>Events in the input.</summary>
    public const int EventCount = 40_000;

    /// <summary>
    /// 2 000 events per second of event time, so the input spans 20 s: several tumbling, hopping and session
    /// windows close before the end of input, and 10 s windows hold enough persons and auctions for q3 and q8.
    /// </summary>
    public static readonly NexmarkGeneratorConfig Config = new() { FirstEventRate = 2_000 };

    private readonly TempDirectory _directory = new();
    private readonly Dictionary<string, List<string>> _expected = [];

    /// <summary>Generates and writes the inputs.</summary>
    public QueryInputFixture()
    {
        Events = EventFiles.Generate(Config, EventCount);
        Shuffled = EventShuffler.ShuffleWithinBound(Events, 4_000, seed: 42);
        InOrderPath = _directory.File("events.jsonl");
        ShuffledPath = _directory.File("events-shuffled.jsonl");
        EventFiles.Write(InOrderPath, Events);
        EventFiles.Write(ShuffledPath, Shuffled);

        // Keys 0..9999 except multiples of 7 (their bids find no row), with a second row for multiples of 11 (two rows).
        SideInputRows = Enumerable.Range(0, 10_000).Where(k => k % 7 != 0)
            .SelectMany(k => k % 11 == 0 ? new[] { ((long)k, $"v{k}"), ((long)k, $"w{k},x") } : [((long)k, $"v{k}")])
            .ToList();
        SideInputPath = _directory.File("side-input.csv");
        File.WriteAllLines(SideInputPath, SideInputRows.Select(r => $"{r.Key},{r.Value}"));
        SideInput = SideInputTable.Load(SideInputPath);
    }

    /// <summary>q13's side input rows (key, value).</summary>
    public List<(long Key, string Value)> SideInputRows { get; }

    /// <summary>The file of <see cref="SideInputRows"/> ('key,value' lines).</summary>
    public string SideInputPath { get; }

    /// <summary>The side input as the job reads it.</summary>
    public SideInputTable SideInput { get; }

    /// <summary>The events in event-number order.</summary>
    public List<NexmarkEvent> Events { get; }

    /// <summary>The same events, reordered within 4 s.</summary>
    public List<NexmarkEvent> Shuffled { get; }

    /// <summary>JSON-lines file of <see cref="Events"/>.</summary>
    public string InOrderPath { get; }

    /// <summary>JSON-lines file of <see cref="Shuffled"/>.</summary>
    public string ShuffledPath { get; }

    /// <summary>A directory for a test's outputs.</summary>
    public string OutputDirectory => _directory.Path;

    /// <summary>The reference's sorted canonical rows of <paramref name="query"/>.</summary>
    public List<string> Expected(string query)
    {
        lock (_expected)
        {
            if (!_expected.TryGetValue(query, out var rows))
            {
                _expected[query] = rows = NexmarkReference.Run(query, Events, SideInputRows);
            }

            return rows;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _directory.Dispose();
}
