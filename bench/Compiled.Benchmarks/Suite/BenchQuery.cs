using Compiled.Api;
using Compiled.Benchmarks.Latency;
using Compiled.Benchmarks.Reactive;
using Compiled.Cluster;
using Compiled.Connectors;
using Compiled.Connectors.Nexmark;
using Nexmark.Job;
using Nexmark.Rows;

namespace Compiled.Benchmarks.Suite;

/// <summary>Creates <see cref="BenchQuery{TRow}"/>s with the row type inferred from the query.</summary>
public static class BenchQuery
{
    /// <summary>A query measured on the engine, and with a hand-written loop and an Rx.NET version when given.</summary>
    /// <param name="name">Query name ("q5").</param>
    /// <param name="kind">Kind of computation.</param>
    /// <param name="build">The sample's query over the event stream (its generator-compiled code).</param>
    /// <param name="handWrittenLoop">The same computation as a plain loop over the generator: events → result rows.</param>
    /// <param name="rx">The same computation in Rx.NET.</param>
    public static BenchQuery<TRow> Of<TRow>(string name, QueryKind kind, Func<DataStream<NexmarkEvent>, DataStream<TRow>> build,
        Func<long, long>? handWrittenLoop = null, Func<IObservable<NexmarkEvent>, IObservable<TRow>>? rx = null)
        where TRow : INexmarkRow => new(name, kind, build, handWrittenLoop, rx);
}

/// <summary>A Nexmark query with result rows of type <typeparamref name="TRow"/>; see <see cref="BenchQuery.Of"/>.</summary>
public sealed class BenchQuery<TRow> : IBenchQuery where TRow : INexmarkRow
{
    private readonly Func<DataStream<NexmarkEvent>, DataStream<TRow>> _build;
    private readonly Func<long, long>? _loop;
    private readonly Func<IObservable<NexmarkEvent>, IObservable<TRow>>? _rx;

    internal BenchQuery(string name, QueryKind kind, Func<DataStream<NexmarkEvent>, DataStream<TRow>> build,
        Func<long, long>? loop, Func<IObservable<NexmarkEvent>, IObservable<TRow>>? rx)
    {
        Name = name;
        Kind = kind;
        _build = build;
        _loop = loop;
        _rx = rx;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public QueryKind Kind { get; }

    /// <inheritdoc />
    public bool IsChangelog => NexmarkJob.ChangelogQueries.Contains(Name);

    /// <inheritdoc />
    public bool HasHandWrittenLoop => _loop is not null;

    /// <inheritdoc />
    public bool HasRx => _rx is not null;

    /// <inheritdoc />
    public EngineRun RunEngine(long events, ExecutionConfig execution)
    {
        var env = new StreamEnvironment(execution);
        var rows = new RecordCounter();
        _build(NexmarkInputs.Generator(env, events)).SinkTo(new CountingSink<TRow>(rows), $"{Name} sink");
        var result = env.Execute($"nexmark-{Name}");
        return new EngineRun(rows.Count, result);
    }

    /// <inheritdoc />
    public long RunHandWrittenLoop(long events) => (_loop ?? throw Missing("hand-written loop"))(events);

    /// <inheritdoc />
    public long RunRx(long events)
    {
        long rows = 0;
        RxDriver.Run(events, _rx ?? throw Missing("Rx.NET version"), _ => rows++);
        return rows;
    }

    /// <inheritdoc />
    public LatencyHistogram RunLatency(LatencySettings settings, ExecutionConfig execution, TimeSpan duration) =>
        LatencyRun.Run(Name, _build, settings, execution, duration);

    /// <inheritdoc />
    public List<string> EngineRows(long events, ExecutionConfig execution)
    {
        var env = new StreamEnvironment(execution);
        var sink = new CollectSink<TRow>();
        _build(NexmarkInputs.Generator(env, events)).SinkTo(sink, $"{Name} sink");
        env.Execute($"nexmark-{Name}");
        return RowText.Sorted(sink.Results);
    }

    /// <inheritdoc />
    public List<string> RxRows(long events)
    {
        var rows = new List<TRow>();
        RxDriver.Run(events, _rx ?? throw Missing("Rx.NET version"), rows.Add);
        return RowText.Sorted(rows);
    }

    private InvalidOperationException Missing(string what) => new($"{Name} has no {what}; add one to its line in {nameof(QueryCatalog)}.");
}
