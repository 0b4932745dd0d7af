using Compiled.Benchmarks.Report;

namespace Compiled.Benchmarks.Suite;

/// <summary>Names of the variants a query runs in.</summary>
public static class Variants
{
    /// <summary>The query as a plain C# loop over the generator, one thread.</summary>
    public const string HandWrittenLoop = "hand-written loop";

    /// <summary>The query in System.Reactive, one thread.</summary>
    public const string Rx = "Rx.NET";

    /// <summary>The sample's job with the generator's compiled chains and key selectors.</summary>
    public const string Compiled = "compiled";

    /// <summary>The same job calling the lambdas through delegates.</summary>
    public const string Interpreted = "interpreted";

    /// <summary>How a variant is labelled: with its parallelism when it runs on the engine.</summary>
    public static string Label(string variant, int parallelism) => variant is HandWrittenLoop or Rx ? variant : $"{variant} p={parallelism}";

    /// <summary>The variants present in <paramref name="results"/>, in report order: loop, Rx.NET, then the engine by parallelism.</summary>
    public static List<(string Variant, int Parallelism)> InReportOrder(IEnumerable<ThroughputResult> results) =>
        [.. results.Select(r => (r.Variant, r.Parallelism)).Distinct()
            .OrderBy(s => s.Variant switch { HandWrittenLoop => 0, Rx => 1, _ => 2 })
            .ThenBy(s => s.Parallelism)
            .ThenBy(s => s.Variant == Compiled ? 0 : 1)];
}
