using System.Globalization;

namespace Nexmark.Tests.Reference;

// Inside the namespace so these types win over any same-named types in the samples' Nexmark namespace.
using Compiled.Connectors.Nexmark;

/// <summary>
/// Independent batch reference for the Nexmark SQL queries (nexmark-flink queries/q*.sql), written as plain
/// LINQ over the whole bounded input. Results are canonical rows <c>col=value|col=value|…</c> in the sink
/// table's column order, sorted ordinally so two results compare with <c>Assert.Equal</c>.
/// Windows are aligned to epoch 0 (Flink's default offset).
/// </summary>
public static partial class NexmarkReference
{
    /// <summary>Queries this reference implements.</summary>
    public static IReadOnlyList<string> Queries { get; } = ["q0", "q1", "q2", "q3", "q5", "q7", "q8", "q11"];

    /// <summary>Runs <paramref name="query"/> ("q0", "q1", …) over <paramref name="events"/> and returns its sorted canonical rows.</summary>
    public static List<string> Run(string query, IReadOnlyList<NexmarkEvent> events)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(events);
        IEnumerable<string> rows = query.ToLowerInvariant() switch
        {
            "q0" => Q0(events),
            "q1" => Q1(events),
            "q2" => Q2(events),
            "q3" => Q3(events),
            "q5" => Q5(events),
            "q7" => Q7(events),
            "q8" => Q8(events),
            "q11" => Q11(events),
            _ => throw new ArgumentException($"No reference for Nexmark query '{query}'.", nameof(query)),
        };
        return rows.Order(StringComparer.Ordinal).ToList();
    }

    private static IEnumerable<Bid> Bids(IReadOnlyList<NexmarkEvent> events) =>
        events.Where(e => e.Type == NexmarkEventType.Bid).Select(e => e.Bid);

    private static IEnumerable<Person> Persons(IReadOnlyList<NexmarkEvent> events) =>
        events.Where(e => e.Type == NexmarkEventType.Person).Select(e => e.Person);

    private static IEnumerable<Auction> Auctions(IReadOnlyList<NexmarkEvent> events) =>
        events.Where(e => e.Type == NexmarkEventType.Auction).Select(e => e.Auction);

    /// <summary>Start of the tumbling/hopping window grid cell of size <paramref name="size"/> holding <paramref name="t"/>.</summary>
    private static long WindowStart(long t, long size) => t - (((t % size) + size) % size);

    private static string Row(params (string Column, string Value)[] columns) =>
        string.Join("|", columns.Select(c => c.Column + "=" + c.Value));

    private static string L(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Formats epoch millis as "yyyy-MM-dd HH:mm:ss.fff" UTC (independently of the runtime's formatter).</summary>
    private static string Ts(long epochMillis) =>
        DateTimeOffset.FromUnixTimeMilliseconds(epochMillis).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
}
