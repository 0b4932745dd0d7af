namespace Compiled.Benchmarks.Suite;

/// <summary>What kind of computation a query is; stateless and windowed queries are compared with a loop and Rx.NET.</summary>
public enum QueryKind
{
    /// <summary>Filters and projections, record by record.</summary>
    Stateless,

    /// <summary>Event-time windows (tumbling, sliding, session).</summary>
    Windowed,

    /// <summary>Unwindowed joins and other stateful queries.</summary>
    Stateful,
}
