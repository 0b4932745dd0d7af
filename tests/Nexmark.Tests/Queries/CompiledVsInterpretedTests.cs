namespace Nexmark.Tests.Queries;

// Inside the namespace so these types win over any same-named types in the samples' Nexmark namespace.
using Compiled.Api;
using Compiled.Cluster;
using Nexmark.Job;

/// <summary>
/// Differential test: every query compiled by the generator (fused chains, struct key selectors and functions) and the same
/// query in interpreted mode (delegates) must write identical output — interpreted mode is the oracle. Changelogs
/// are compared change by change (sorted); q12's wall-clock windows by their totals per bidder.
/// </summary>
public sealed class CompiledVsInterpretedTests(QueryInputFixture input) : IClassFixture<QueryInputFixture>
{
    public static TheoryData<string> Queries() => [.. NexmarkJob.Queries];

    [Theory]
    [MemberData(nameof(Queries))]
    public void CompiledAndInterpretedGiveIdenticalOutput(string query)
    {
        List<string> compiled = Run(query, interpreted: false);
        List<string> interpreted = Run(query, interpreted: true);

        Assert.NotEmpty(compiled);
        Assert.Equal(interpreted, compiled);
    }

    [Theory]
    [InlineData("q2", 2)] // the bid view (Filter -> Map) and q2's Filter -> Map: two operators fused away
    [InlineData("q0", 1)] // the bid view fused; q0's single Map stays one operator
    public void TheGeneratorFusesMapAndFilterSequences(string query, int operatorsSaved)
    {
        Assert.Equal(operatorsSaved, OperatorCount(query, interpreted: true) - OperatorCount(query, interpreted: false));
    }

    [Theory]
    [InlineData("q3")]
    [InlineData("q5")]
    [InlineData("q7")]
    [InlineData("q13")]
    [InlineData("q15")]
    [InlineData("q16")]
    [InlineData("q17")]
    [InlineData("q18")]
    [InlineData("q19")]
    [InlineData("q20")]
    public void TheGeneratorCallsProcessFunctionsAsTheirOwnClasses(string query)
    {
        // A process operator's last type argument calls the function: a generated struct, or the base-class call of interpreted mode.
        Assert.StartsWith("__Process", Assert.Single(ProcessInvokers(query, interpreted: false)));
        Assert.Matches(@"^(Keyed)?(Co)?ProcessFunctionInvoker`\d$", Assert.Single(ProcessInvokers(query, interpreted: true)));
    }

    [Theory]
    [InlineData("q3")]
    [InlineData("q7")]
    [InlineData("q20")]
    public void TheGeneratorCompilesTheKeySelectorsOfConnectedStreams(string query)
    {
        // The keyed co-process operator holds both inputs' key selectors: generated structs, or interpreted mode's delegates.
        Assert.Collection(CoProcessKeySelectors(query, interpreted: false),
            first => Assert.Matches(@"^__Key\d+_1$", first),
            second => Assert.Matches(@"^__Key\d+_2$", second));
        Assert.Equal(["DelegateKeySelector`2", "DelegateKeySelector`2"], CoProcessKeySelectors(query, interpreted: true));
    }

    private List<string> CoProcessKeySelectors(string query, bool interpreted)
    {
        var env = new StreamEnvironment(new ExecutionConfig { Parallelism = 1, Interpreted = interpreted });
        NexmarkJob.Build(query, NexmarkInputs.Generator(env, 1000), new ResultSink(null), input.SideInput);
        return
        [
            .. env.Nodes.Select(node => node.CreateOperator())
                .Where(op => op.GetType().Name.StartsWith("KeyedCoProcessOperator", StringComparison.Ordinal))
                .SelectMany(op => op.GetType().GetFields(System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance).Select(f => f.GetValue(op)))
                .Select(value => value?.GetType())
                .Where(type => type is not null && type.GetInterfaces().Any(i => i.IsGenericType && i.Name == "IKeySelector`2"))
                .Select(type => type!.Name)
                .Order(StringComparer.Ordinal),
        ];
    }

    private List<string> ProcessInvokers(string query, bool interpreted)
    {
        var env = new StreamEnvironment(new ExecutionConfig { Parallelism = 1, Interpreted = interpreted });
        NexmarkJob.Build(query, NexmarkInputs.Generator(env, 1000), new ResultSink(null), input.SideInput);
        return
        [
            .. env.Nodes.Select(node => node.CreateOperator().GetType())
                .Where(type => type.IsGenericType && type.Name.Contains("ProcessOperator", StringComparison.Ordinal))
                .Select(type => type.GetGenericArguments()[^1].Name),
        ];
    }

    private List<string> Run(string query, bool interpreted)
    {
        string output = Path.Combine(input.OutputDirectory, $"{query}-{(interpreted ? "interpreted" : "compiled")}.jsonl");
        var env = new StreamEnvironment(new ExecutionConfig { Parallelism = 4, Interpreted = interpreted });
        NexmarkJob.Build(query, NexmarkInputs.File(env, input.ShuffledPath), new ResultSink(output), input.SideInput);
        env.Execute(query);
        return QueryOutput.AllRows(query, output);
    }

    private static int OperatorCount(string query, bool interpreted)
    {
        var env = new StreamEnvironment(new ExecutionConfig { Parallelism = 1, Interpreted = interpreted });
        NexmarkJob.Build(query, NexmarkInputs.Generator(env, 1000), new ResultSink(null));
        return env.Nodes.Count;
    }
}
