namespace Nexmark.Tests.Queries;

// Inside the namespace so these types win over any same-named types in the samples' Nexmark namespace.
using Compiled.Api;
using Compiled.Cluster;
using Nexmark.Job;
using Nexmark.Tests.Reference;

/// <summary>
/// Every query, run in-process through the real file source and file sink, at parallelism 1 and 4, on in-order
/// and on shuffled input, must produce exactly the reference's rows (for a changelog: its folded final table).
/// </summary>
public sealed class QueryJobTests(QueryInputFixture input) : IClassFixture<QueryInputFixture>
{
    public static TheoryData<string, int, bool> Cases()
    {
        var cases = new TheoryData<string, int, bool>();
        foreach (string query in NexmarkJob.Queries)
        {
            foreach (int parallelism in new[] { 1, 4 })
            {
                cases.Add(query, parallelism, false);
                cases.Add(query, parallelism, true);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesTheReference(string query, int parallelism, bool shuffled)
    {
        string output = Path.Combine(input.OutputDirectory, $"{query}-p{parallelism}-{(shuffled ? "shuffled" : "ordered")}.jsonl");
        var env = new StreamEnvironment(new ExecutionConfig { Parallelism = parallelism });
        var results = new ResultSink(output);
        NexmarkJob.Build(query, NexmarkInputs.File(env, shuffled ? input.ShuffledPath : input.InOrderPath), results, input.SideInput);

        JobExecutionResult result = env.Execute(query);

        List<string> expected = input.Expected(query);
        Assert.NotEmpty(expected);
        Assert.Equal(0, result.DeadLetters);
        Assert.Equal(QueryOutput.RowCount(query, output), results.Rows.Count);
        Assert.Equal(expected, QueryOutput.FinalRows(query, output));
    }

    [Fact]
    public void EveryQueryProducesRowsFromTheTestInput()
    {
        foreach (string query in NexmarkJob.Queries)
        {
            Assert.True(input.Expected(query).Count > 0, $"{query} has no rows: enlarge the test input");
        }
    }

    [Fact]
    public void TheShuffledInputIsOutOfOrderButWithinTheWatermarkBound()
    {
        long maxSeen = input.Shuffled[0].DateTime;
        long largestLag = 0;
        foreach (var e in input.Shuffled)
        {
            largestLag = Math.Max(largestLag, maxSeen - e.DateTime);
            maxSeen = Math.Max(maxSeen, e.DateTime);
        }

        Assert.InRange(largestLag, 1_000, 3_999);
    }

    [Fact]
    public void UnknownQueriesAreRejectedWithTheValidNames()
    {
        var env = new StreamEnvironment(new ExecutionConfig { Parallelism = 1 });
        var events = NexmarkInputs.File(env, input.InOrderPath);
        var error = Assert.Throws<ArgumentException>(() => NexmarkJob.Build("q4", events, new ResultSink(null)));
        Assert.Contains("q0, q1, q2, q3, q5, q7, q8, q10, q11, q12, q13, q14, q15, q16, q17, q18, q19, q20, q21, q22", error.Message, StringComparison.Ordinal);
    }
}
