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
    public static IReadOnlyList<string> Queries { get; } =
        ["q0", "q1", "q2", "q3", "q5", "q7", "q8", "q10", "q11", "q12", "q13", "q14", "q15", "q16", "q17", "q18", "q19", "q20", "q21", "q22"];

    /// <summary>
    /// Runs <paramref name="query"/> ("q0", "q1", …) over <paramref name="events"/> and returns its sorted canonical rows:
    /// for an updating query (q15–q19), the rows of its final table; for q12, whose windows depend on the wall clock,
    /// what does not: the bids per bidder over all windows. q13 needs its <paramref name="sideInput"/> rows.
    /// </summary>
    public static List<string> Run(string query, IReadOnlyList<NexmarkEvent> events, IReadOnlyList<(long Key, string Value)>? sideInput = null)
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
            "q10" => Q10(events),
            "q11" => Q11(events),
            "q12" => Q12(events),
            "q13" => Q13(events, sideInput ?? throw new ArgumentException("q13 needs the side input's rows.", nameof(sideInput))),
            "q14" => Q14(events),
            "q15" => Q15(events),
            "q16" => Q16(events),
            "q17" => Q17(events),
            "q18" => Q18(events),
            "q19" => Q19(events),
            "q20" => Q20(events),
            "q21" => Q21(events),
            "q22" => Q22(events),
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

    /// <summary>A nullable text column: canonical rows write JSON null as "null".</summary>
    private static string S(string? value) => value ?? "null";

    /// <summary><c>DATE_FORMAT(t, 'yyyy-MM-dd')</c> in UTC.</summary>
    private static string Date(long epochMillis) =>
        DateTimeOffset.FromUnixTimeMilliseconds(epochMillis).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary><c>DATE_FORMAT(t, 'HH:mm')</c> in UTC.</summary>
    private static string HourMinute(long epochMillis) =>
        DateTimeOffset.FromUnixTimeMilliseconds(epochMillis).UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Formats epoch millis as "yyyy-MM-dd HH:mm:ss.fff" UTC (independently of the runtime's formatter).</summary>
    private static string Ts(long epochMillis) =>
        DateTimeOffset.FromUnixTimeMilliseconds(epochMillis).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
}
