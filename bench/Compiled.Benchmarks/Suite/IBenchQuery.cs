using Compiled.Benchmarks.Latency;
using Compiled.Cluster;

namespace Compiled.Benchmarks.Suite;

/// <summary>One Nexmark query as the runner measures it: on the engine, and where written, as a hand-written loop and in Rx.NET.</summary>
public interface IBenchQuery
{
    /// <summary>Query name ("q5").</summary>
    string Name { get; }

    /// <summary>Kind of computation.</summary>
    QueryKind Kind { get; }

    /// <summary>
    /// Whether the query's result is an updating table written as a changelog: how many update rows it takes depends
    /// on the order in which parallel inputs interleave, so only runs at parallelism 1 must agree on the row count.
    /// </summary>
    bool IsChangelog { get; }

    /// <summary>Whether a hand-written loop of the query exists.</summary>
    bool HasHandWrittenLoop { get; }

    /// <summary>Whether an Rx.NET version of the query exists.</summary>
    bool HasRx { get; }

    /// <summary>Runs the query on the engine over events 0 .. <paramref name="events"/> - 1 of the generator into a counting sink.</summary>
    EngineRun RunEngine(long events, ExecutionConfig execution);

    /// <summary>Runs the hand-written loop over the same events; returns the number of result rows.</summary>
    long RunHandWrittenLoop(long events);

    /// <summary>Runs the Rx.NET version over the same events, pushed through a subject on this thread; returns the number of result rows.</summary>
    long RunRx(long events);

    /// <summary>Runs the query on the engine fed by a rate-limited generator until <paramref name="duration"/> has passed; returns the latency histogram.</summary>
    LatencyHistogram RunLatency(LatencySettings settings, ExecutionConfig execution, TimeSpan duration);

    /// <summary>The engine's result rows as canonical JSON lines, sorted (for comparisons).</summary>
    List<string> EngineRows(long events, ExecutionConfig execution);

    /// <summary>The Rx.NET version's result rows as canonical JSON lines, sorted (for comparisons).</summary>
    List<string> RxRows(long events);
}

/// <summary>What an engine run produced.</summary>
/// <param name="Rows">Rows that reached the sink.</param>
/// <param name="Result">The job's report (checkpoint statistics among others).</param>
public sealed record EngineRun(long Rows, JobExecutionResult Result);
