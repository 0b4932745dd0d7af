using Compiled.Generators.Tests.Support;
using Microsoft.CodeAnalysis;
namespace Compiled.Generators.Tests.Jobs;

public class StateFieldGeneratorTests
{
    private const string Detector = JobSources.Usings + """
        using Compiled.Functions;
        using Compiled.Process;
        using Compiled.State;

        namespace Fraud;

        public readonly record struct Payment(long Account, long Amount);

        public sealed partial class RunningTotals : KeyedProcessFunction<long, Payment, string>
        {
            [State] ValueState<long> total = null!;
            [State(TtlSeconds = 60)] ValueState<long> last = null!;
            [State] ListState<long> amounts = null!;
            [State] MapState<long, int> seen = null!;

            public override void ProcessElement(in Payment p, KeyedContext<long> ctx, ICollector<string> output)
            {
                total.Update(total.Value + p.Amount);
                last.Update(p.Amount);
                amounts.Add(p.Amount);
                seen.Put(p.Amount, seen.TryGetValue(p.Amount, out int n) ? n + 1 : 1);
                output.Collect($"{ctx.CurrentKey}:{total.Value}:{amounts.Get().Count}:{seen.Entries.Count()}:{last.Value}");
            }

            public static List<string> Run(int parallelism)
            {
                var env = new StreamEnvironment(new ExecutionConfig { Parallelism = parallelism });
                var payments = new List<Payment>();
                for (int i = 0; i < 12; i++) payments.Add(new Payment(i % 2, i % 3));
                var sink = new CollectSink<string>();
                env.FromCollection(payments).KeyBy(static p => p.Account).Process(new RunningTotals()).SinkTo(sink);
                env.Execute();
                var results = new List<string>(sink.Results);
                results.Sort(StringComparer.Ordinal);
                return results;
            }
        }
        """;

    [Fact]
    public void BindStateMatchesSnapshot()
    {
        var (generated, diagnostics, output) = JobCompilation.Run(Detector.Replace("using Compiled.Functions;", "using System.Linq;\nusing Compiled.Functions;"));
        Assert.Empty(diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= Microsoft.CodeAnalysis.DiagnosticSeverity.Warning));
        Snapshot.Verify("StateFields", generated["Fraud.RunningTotals.State.g.cs"]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void StateFieldsAreBoundPerKey(int parallelism)
    {
        var (_, _, output) = JobCompilation.Run(Detector.Replace("using Compiled.Functions;", "using System.Linq;\nusing Compiled.Functions;"));
        var run = JobCompilation.Load(output).GetType("Fraud.RunningTotals")!.GetMethod("Run")!;

        var results = (List<string>)run.Invoke(null, [parallelism])!;

        // Account 0 gets amounts 0,2,1,0,2,1 (i = 0,2,4,...); account 1 gets 1,0,2,1,0,2.
        string[] expected =
        [
            "0:0:1:1:0", "0:2:2:2:2", "0:3:3:3:1", "0:3:4:3:0", "0:5:5:3:2", "0:6:6:3:1",
            "1:1:1:1:1", "1:1:2:2:0", "1:3:3:3:2", "1:4:4:3:1", "1:4:5:3:0", "1:6:6:3:2",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), results);
    }

    [Fact]
    public void NonPartialFunctionIsAnError()
    {
        var (generated, diagnostics, _) = JobCompilation.Run(Detector.Replace("public sealed partial class RunningTotals", "public sealed class RunningTotals"));

        var error = Assert.Single(diagnostics);
        Assert.Equal("CMP1003", error.Id);
        Assert.Contains("must be partial", error.GetMessage());
        Assert.Empty(generated);
    }

    [Fact]
    public void UnsupportedFieldIsAnErrorNamingTheField()
    {
        var (generated, diagnostics, _) = JobCompilation.Run(Detector.Replace("[State] ValueState<long> total = null!;", "[State] readonly ValueState<long> total = null!;"));

        var error = Assert.Single(diagnostics);
        Assert.Equal("CMP1004", error.Id);
        Assert.Contains("'total'", error.GetMessage());
        Assert.Contains("readonly", error.GetMessage());
        Assert.Empty(generated);
    }
}

public class StateFieldIncrementalityTests
{
    [Fact]
    public void UnrelatedEditLeavesTheStateStepsCached()
    {
        const string function = JobSources.Usings + """
            using Compiled.Functions;
            using Compiled.Process;
            using Compiled.State;

            namespace Counting;

            public sealed partial class Counter : KeyedProcessFunction<long, long, long>
            {
                [State] ValueState<long> count = null!;

                public override void ProcessElement(in long value, KeyedContext<long> ctx, ICollector<long> output)
                {
                    count.Update(count.Value + 1);
                    output.Collect(count.Value);
                }
            }
            """;
        var compilation = JobCompilation.Create(function, JobSources.Unrelated(1));
        var driver = JobCompilation.Driver().RunGenerators(compilation);
        var edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Last(),
            Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(JobSources.Unrelated(2), JobCompilation.ParseOptions, path: "Job1.cs"));

        var result = driver.RunGenerators(edited).GetRunResult().Results
            .Single(r => r.Generator.GetGeneratorType() == typeof(Compiled.Generators.StateFields.StateFieldGenerator));

        foreach (string step in new[] { Compiled.Generators.StateFields.StateFieldGenerator.TrackingNames.Fields, Compiled.Generators.StateFields.StateFieldGenerator.TrackingNames.Owners })
        {
            var outputs = result.TrackedSteps[step].SelectMany(s => s.Outputs).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, o => Assert.Contains(o.Reason, new[] { Microsoft.CodeAnalysis.IncrementalStepRunReason.Cached, Microsoft.CodeAnalysis.IncrementalStepRunReason.Unchanged }));
        }
    }
}
