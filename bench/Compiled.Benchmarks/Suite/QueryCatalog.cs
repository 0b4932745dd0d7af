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
        BenchQuery.Of("q10", QueryKind.Stateless, static e => Q10.Build(e.Bids()), HandWrittenQueries.Q10, RxQueries.Q10),
        BenchQuery.Of("q11", QueryKind.Windowed, static e => Q11.Build(e.Bids()), HandWrittenQueries.Q11, RxQueries.Q11),
        BenchQuery.Of("q12", QueryKind.ProcessingTime, static e => Q12.Build(e.Bids())),
        BenchQuery.Of("q13", QueryKind.Stateless, static e => Q13.Build(e.Bids(), QueryParameters.SideInput), HandWrittenQueries.Q13, RxQueries.Q13),
        BenchQuery.Of("q14", QueryKind.Stateless, static e => Q14.Build(e.Bids()), HandWrittenQueries.Q14, RxQueries.Q14),
        BenchQuery.Of("q15", QueryKind.Stateful, static e => Q15.Build(e.Bids())),
        BenchQuery.Of("q16", QueryKind.Stateful, static e => Q16.Build(e.Bids())),
        BenchQuery.Of("q17", QueryKind.Stateful, static e => Q17.Build(e.Bids())),
        BenchQuery.Of("q18", QueryKind.Stateful, static e => Q18.Build(e.Bids())),
        BenchQuery.Of("q19", QueryKind.Stateful, static e => Q19.Build(e.Bids())),
        BenchQuery.Of("q20", QueryKind.Stateful, Q20.Build),
        BenchQuery.Of("q21", QueryKind.Stateless, static e => Q21.Build(e.Bids()), HandWrittenQueries.Q21, RxQueries.Q21),
        BenchQuery.Of("q22", QueryKind.Stateless, static e => Q22.Build(e.Bids()), HandWrittenQueries.Q22, RxQueries.Q22),
    ];

    /// <summary>The query named <paramref name="name"/>, or null.</summary>
    public static IBenchQuery? Find(string name) => All.FirstOrDefault(q => string.Equals(q.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));
}
