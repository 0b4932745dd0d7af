using Compiled.Benchmarks.Suite;
using Compiled.Cluster;

namespace Compiled.Benchmarks.Tests;

/// <summary>
/// The runner compares the engine with a hand-written loop and with Rx.NET; the comparison is only honest when they
/// compute the same thing. On the same generated events (enough for several windows of every query) the Rx.NET version
/// must give exactly the engine's rows, and the loop the engine's number of rows.
/// </summary>
public class ReferenceVariantsTests
{
    private const long Events = 300_000;

    public static TheoryData<string> QueriesWithRx() => [.. QueryCatalog.All.Where(q => q.HasRx).Select(q => q.Name)];

    public static TheoryData<string> QueriesWithLoops() => [.. QueryCatalog.All.Where(q => q.HasHandWrittenLoop).Select(q => q.Name)];

    [Theory]
    [MemberData(nameof(QueriesWithRx))]
    public void RxQueriesGiveTheEnginesRows(string name)
    {
        var query = QueryCatalog.Find(name)!;
        var engine = query.EngineRows(Events, new ExecutionConfig { Parallelism = 2 });
        var rx = query.RxRows(Events);

        Assert.NotEmpty(engine);
        Assert.Equal(engine.Count, rx.Count);
        Assert.Equal(engine, rx);
    }

    [Theory]
    [MemberData(nameof(QueriesWithLoops))]
    public void HandWrittenLoopsCountTheEnginesRows(string name)
    {
        var query = QueryCatalog.Find(name)!;
        var engine = query.RunEngine(Events, new ExecutionConfig { Parallelism = 2 });

        Assert.True(engine.Rows > 0, $"{name} produced no rows");
        Assert.Equal(engine.Rows, query.RunHandWrittenLoop(Events));
    }

    [Fact]
    public void EveryStatelessAndWindowedQueryHasALoopAndAnRxVersion()
    {
        var missing = QueryCatalog.All
            .Where(q => q.Kind is QueryKind.Stateless or QueryKind.Windowed && !(q.HasHandWrittenLoop && q.HasRx))
            .Select(q => q.Name);
        Assert.Empty(missing);
    }
}
