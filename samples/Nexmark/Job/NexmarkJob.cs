using Compiled.Api;
using Compiled.Connectors.Nexmark;
using Nexmark.Queries;

namespace Nexmark.Job;

/// <summary>Wires a Nexmark query by name between an event stream and a <see cref="ResultSink"/>.</summary>
public static class NexmarkJob
{
    /// <summary>The queries this sample implements, in order (q4, q6 and q9 wait for a SQL layer).</summary>
    public static IReadOnlyList<string> Queries { get; } =
        ["q0", "q1", "q2", "q3", "q5", "q7", "q8", "q10", "q11", "q12", "q13", "q14", "q15", "q16", "q17", "q18", "q19", "q20", "q21", "q22"];

    /// <summary>The queries whose result is an updating table, written as a changelog: each row starts with an <c>op</c> column.</summary>
    public static IReadOnlyList<string> ChangelogQueries { get; } = ["q15", "q16", "q17", "q18", "q19"];

    /// <summary>The query that writes a partitioned table: its output is a directory with a subdirectory per partition.</summary>
    public const string PartitionedQuery = "q10";

    /// <summary>The query that joins a side input (<see cref="SideInputTable"/>).</summary>
    public const string SideInputQuery = "q13";

    /// <summary>The canonical (lower-case) name of <paramref name="query"/>, or null when it is not one of <see cref="Queries"/>.</summary>
    public static string? Normalize(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        string lower = query.Trim().ToLowerInvariant();
        return Queries.Contains(lower) ? lower : null;
    }

    /// <summary>Adds <paramref name="query"/> ("q0", "q5", …) reading <paramref name="events"/> and writing to <paramref name="results"/>.</summary>
    /// <param name="query">The query's name.</param>
    /// <param name="events">The input.</param>
    /// <param name="results">The output.</param>
    /// <param name="sideInput">q13's side input (required for q13, ignored otherwise).</param>
    /// <exception cref="ArgumentException">The query is unknown (the message lists the valid ones), or q13 has no side input.</exception>
    public static DataStreamSink Build(string query, DataStream<NexmarkEvent> events, ResultSink results, SideInputTable? sideInput = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(results);
        return Normalize(query) switch
        {
            "q0" => results.Write(Q0.Build(events.Bids()), "q0 sink"),
            "q1" => results.Write(Q1.Build(events.Bids()), "q1 sink"),
            "q2" => results.Write(Q2.Build(events.Bids()), "q2 sink"),
            "q3" => results.Write(Q3.Build(events), "q3 sink"),
            "q5" => results.Write(Q5.Build(events.Bids()), "q5 sink"),
            "q7" => results.Write(Q7.Build(events.Bids()), "q7 sink"),
            "q8" => results.Write(Q8.Build(events), "q8 sink"),
            "q10" => results.WritePartitioned(Q10.Build(events.Bids()), Q10.PartitionOf, Q10.PartitionDirectory, "q10 sink"),
            "q11" => results.Write(Q11.Build(events.Bids()), "q11 sink"),
            "q12" => results.Write(Q12.Build(events.Bids()), "q12 sink"),
            "q13" => results.Write(Q13.Build(events.Bids(), sideInput
                ?? throw new ArgumentException("q13 joins bids with a side input: pass a SideInputTable.", nameof(sideInput))), "q13 sink"),
            "q14" => results.Write(Q14.Build(events.Bids()), "q14 sink"),
            "q15" => results.Write(Q15.Build(events.Bids()), "q15 sink"),
            "q16" => results.Write(Q16.Build(events.Bids()), "q16 sink"),
            "q17" => results.Write(Q17.Build(events.Bids()), "q17 sink"),
            "q18" => results.Write(Q18.Build(events.Bids()), "q18 sink"),
            "q19" => results.Write(Q19.Build(events.Bids()), "q19 sink"),
            "q20" => results.Write(Q20.Build(events), "q20 sink"),
            "q21" => results.Write(Q21.Build(events.Bids()), "q21 sink"),
            "q22" => results.Write(Q22.Build(events.Bids()), "q22 sink"),
            _ => throw new ArgumentException($"Unknown query '{query}': valid queries are {string.Join(", ", Queries)}.", nameof(query)),
        };
    }
}
