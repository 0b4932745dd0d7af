using Compiled.Api;
using Compiled.Connectors.Nexmark;
using Nexmark.Queries;

namespace Nexmark.Job;

/// <summary>Wires a Nexmark query by name between an event stream and a <see cref="ResultSink"/>.</summary>
public static class NexmarkJob
{
    /// <summary>The queries this sample implements, in order.</summary>
    public static IReadOnlyList<string> Queries { get; } = ["q0", "q1", "q2", "q3", "q5", "q7", "q8", "q11"];

    /// <summary>The canonical (lower-case) name of <paramref name="query"/>, or null when it is not one of <see cref="Queries"/>.</summary>
    public static string? Normalize(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        string lower = query.Trim().ToLowerInvariant();
        return Queries.Contains(lower) ? lower : null;
    }

    /// <summary>Adds <paramref name="query"/> ("q0", "q5", …) reading <paramref name="events"/> and writing to <paramref name="results"/>.</summary>
    /// <exception cref="ArgumentException">The query is unknown; the message lists the valid ones.</exception>
    public static DataStreamSink Build(string query, DataStream<NexmarkEvent> events, ResultSink results)
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
            "q11" => results.Write(Q11.Build(events.Bids()), "q11 sink"),
            _ => throw new ArgumentException($"Unknown query '{query}': valid queries are {string.Join(", ", Queries)}.", nameof(query)),
        };
    }
}
