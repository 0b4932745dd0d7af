namespace Compiled.Benchmarks.Suite;

/// <summary>What kind of computation a query is; stateless and windowed queries are compared with a loop and Rx.NET.</summary>
public enum QueryKind
{
    /// <summary>Filters and projections, record by record.</summary>
    Stateless,

    /// <summary>Event-time windows (tumbling, sliding, session).</summary>
    Windowed,

    /// <summary>Unwindowed joins, group aggregates with changelogs, deduplication, top-N.</summary>
    Stateful,

    /// <summary>Processing-time windows: their rows depend on the wall clock, so no reference variant can be checked against them.</summary>
    ProcessingTime,
}
