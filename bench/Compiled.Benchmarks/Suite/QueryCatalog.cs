using Compiled.Benchmarks.Loops;
using Compiled.Benchmarks.Reactive;
using Nexmark.Queries;

namespace Compiled.Benchmarks.Suite;

/// <summary>
/// The queries the runner measures, one line each: name, kind, the sample's query, and optionally the same
/// computation as a hand-written loop and in Rx.NET. A new query of the sample is one more line here.
/// </summary>
public static class QueryCatalog
{
    /// <summary>Every query, in report order.</summary>
    public static IReadOnlyList<IBenchQuery> All { get; } =
    [
        BenchQuery.Of("q0", QueryKind.Stateless, static e => Q0.Build(e.Bids()), HandWrittenQueries.Q0, RxQueries.Q0),
        BenchQuery.Of("q1", QueryKind.Stateless, static e => Q1.Build(e.Bids()), HandWrittenQueries.Q1, RxQueries.Q1),
        BenchQuery.Of("q2", QueryKind.Stateless, static e => Q2.Build(e.Bids()), HandWrittenQueries.Q2, RxQueries.Q2),
        BenchQuery.Of("q3", QueryKind.Stateful, Q3.Build),
        BenchQuery.Of("q5", QueryKind.Windowed, static e => Q5.Build(e.Bids()), HandWrittenQueries.Q5, RxQueries.Q5),
        BenchQuery.Of("q7", QueryKind.Windowed, static e => Q7.Build(e.Bids()), HandWrittenQueries.Q7, RxQueries.Q7),
        BenchQuery.Of("q8", QueryKind.Windowed, Q8.Build, HandWrittenQueries.Q8, RxQueries.Q8),
        BenchQuery.Of("q11", QueryKind.Windowed, static e => Q11.Build(e.Bids()), HandWrittenQueries.Q11, RxQueries.Q11),
    ];

    /// <summary>The query named <paramref name="name"/>, or null.</summary>
    public static IBenchQuery? Find(string name) => All.FirstOrDefault(q => string.Equals(q.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));
}
