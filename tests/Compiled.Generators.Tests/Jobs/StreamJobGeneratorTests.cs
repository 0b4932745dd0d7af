using Compiled.Generators.Tests.Support;
using System.Reflection;
using Compiled.Generators.Jobs;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Compiled.Generators.Tests.Jobs;

public class StreamJobGeneratorTests
{
    [Theory]
    [InlineData("Chain", "Shop.Orders")]
    [InlineData("BlockAndMethodGroup", "Shop.Words")]
    [InlineData("Nested", "Shop.Outer.Inner")]
    [InlineData("ByValueParameters", "Shop.Tags")]
    [InlineData("FlatMapChain", "Shop.Sentences")]
    [InlineData("WindowAggregates", "Shop.Sales")]
    [InlineData("Reduces", "Shop.Readings")]
    [InlineData("Processes", "Shop.Clicks", "CMP1005")] // one call passes its function typed as the base class
    [InlineData("KeySelectors", "Shop.Accounts")]
    public void GeneratedCodeMatchesSnapshot(string source, string job, string? expectedDiagnostic = null)
    {
        var (generated, diagnostics, output) = JobCompilation.Run(Source(source));
        Assert.Equal(expectedDiagnostic is null ? [] : [expectedDiagnostic], diagnostics.Select(d => d.Id));
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Snapshot.Verify(source, generated[job + ".StreamJob.g.cs"]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void CompiledJobGivesTheSameOutputAsInterpreted(int parallelism)
    {
        var (compiled, interpreted, _) = JobCompilation.RunBothWays<List<(long, long)>>(JobSources.Chain, "Shop.Orders", parallelism);

        // A rolling reduce emits every running total; at parallelism > 1 records of one key arrive from several
        // subtasks in any order, so compare the final total per key (totals only grow: amounts are not negative).
        static List<(long, long)> Final(List<(long Key, long Total)> rows) =>
            [.. rows.GroupBy(r => r.Key).Select(g => (g.Key, g.Max(r => r.Total))).Order()];
        Assert.NotEmpty(compiled);
        Assert.Equal(interpreted.Count, compiled.Count);
        Assert.Equal(Final(interpreted), Final(compiled));
        if (parallelism == 1) Assert.Equal(interpreted, compiled);
    }

    [Fact]
    public void CompiledJobFusesTheChainIntoOneOperator()
    {
        var (_, _, output) = JobCompilation.Run(JobSources.Chain + """

            public static class Plans
            {
                public static string[] Operators(bool interpreted)
                {
                    var env = new StreamEnvironment(new ExecutionConfig { Parallelism = 1, Interpreted = interpreted });
                    Orders.Define(env.FromCollection(new[] { new Order(1, 20, "web") })).SinkTo(new CollectSink<(long, long)>());
                    var names = new string[env.Nodes.Count];
                    for (int i = 0; i < names.Length; i++) names[i] = env.Nodes[i].Name;
                    return names;
                }
            }
            """);
        var operators = JobCompilation.Load(output).GetType("Shop.Plans")!.GetMethod("Operators")!;

        Assert.Equal(["Collection", "Filter -> Map -> Map", "Reduce", "Sink"], (string[])operators.Invoke(null, [false])!);
        Assert.Equal(["Collection", "Filter", "Map", "Map", "Reduce", "Sink"], (string[])operators.Invoke(null, [true])!);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void CompiledFlatMapChainGivesTheSameOutputAsInterpreted(int parallelism)
    {
        var (compiled, interpreted, _) = JobCompilation.RunBothWays<List<(string, int)>>(JobSources.FlatMapChain, "Shop.Sentences", parallelism);

        Assert.Contains(("JUMPS", 5), compiled); // the second flat-map's extra record
        Assert.DoesNotContain(compiled, r => r.Item2 == 3 || r.Item1.Length == 0);
        Assert.Equal(interpreted, compiled);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void CompiledWindowAggregatesGiveTheSameOutputAsInterpreted(int parallelism)
    {
        var (compiled, interpreted, generated) = JobCompilation.RunBothWays<List<(string, long, long, long)>>(JobSources.WindowAggregates, "Shop.Sales", parallelism);
        string code = generated["Shop.Sales.StreamJob.g.cs"];
        Assert.Contains("struct __Aggregate0 ", code); // SumAmounts (a class)
        Assert.Contains("struct __Aggregate1 ", code); // MaxAmount (a struct)
        Assert.DoesNotContain("CountSales", code); // explicit interface implementation: stays a call through the interface

        Assert.Equal(3 * 5 * 14, compiled.Count); // three aggregates x 5 stores x 14 one-second windows
        // Store 0's first window, summed here from the same input (sale i: store i % 5, amount i * 37 % 101, time 7 i).
        long firstSum = Enumerable.Range(0, 2000).Where(i => i % 5 == 0 && i * 7L < 1000).Sum(i => (i * 37L) % 101);
        Assert.Contains(("sum", 0L, 1000L, firstSum), compiled);
        Assert.Equal(interpreted, compiled);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void CompiledReducesGiveTheSameOutputAsInterpreted(int parallelism)
    {
        var (compiled, interpreted, generated) = JobCompilation.RunBothWays<List<(string Kind, long Sensor, long Time, long Value)>>(JobSources.Reduces, "Shop.Readings", parallelism);
        string code = generated["Shop.Readings.StreamJob.g.cs"];
        for (int i = 0; i < 5; i++) Assert.Contains($"struct __Reduce{i} ", code); // four in Define, one in Ones

        // Reading i: sensor i % 4, value i * 53 % 97, time 5 i; 10 one-second windows per sensor.
        var readings = Enumerable.Range(0, 2000).Select(i => (Sensor: i % 4L, Value: i * 53L % 97, Time: i * 5L)).ToList();
        Assert.Equal(40, compiled.Count(r => r.Kind == "sum"));
        Assert.Equal(40, compiled.Count(r => r.Kind == "max"));
        Assert.Contains(("sum", 0L, 0L, readings.Where(r => r.Sensor == 0 && r.Time < 1000).Sum(r => r.Value)), compiled);
        var firstMax = readings.Where(r => r.Sensor == 1 && r.Time < 1000).MaxBy(r => r.Value);
        Assert.Contains(("max", 1L, 1000L, firstMax.Value * 1000 + firstMax.Time), compiled);
        Assert.Equal(readings.Select(r => ("latest", r.Sensor, r.Time, r.Value)).Order(), compiled.Where(r => r.Kind == "latest"));
        long running = 0;
        var sensor2 = readings.Where(r => r.Sensor == 2).Select(r => ("running", 2L, 0L, running += r.Value)).Order();
        Assert.Equal(sensor2, compiled.Where(r => r.Kind == "running" && r.Sensor == 2));
        Assert.Equal(interpreted, compiled);
    }

    [Fact]
    public void CompiledReducesRunTheGeneratedStructsAndInterpretedModeTheDelegates()
    {
        var (_, _, output) = JobCompilation.Run(JobSources.Reduces);
        var operators = JobCompilation.Load(output).GetType("Shop.Readings")!.GetMethod("Operators")!;

        // The reduce function is a type argument of the keyed reduce operator and of the window operator's contents.
        static List<string> ReduceFunctions(object[] operators) =>
        [
            .. operators.SelectMany(op => op.GetType().GetFields(BindingFlags.NonPublic | BindingFlags.Instance).Select(f => f.GetValue(op)?.GetType()).Append(op.GetType()))
                .Where(t => t is { IsGenericType: true, Name: "KeyedReduceOperator`3" or "ReduceContents`2" })
                .Select(t => t!.GetGenericArguments().Last().Name)
                .Distinct()
                .Order(),
        ];
        Assert.Equal(["__Reduce0", "__Reduce1", "__Reduce2", "__Reduce3"], ReduceFunctions((object[])operators.Invoke(null, [false])!));
        Assert.Equal(["DelegateReduce`1"], ReduceFunctions((object[])operators.Invoke(null, [true])!));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void CompiledProcessFunctionsGiveTheSameOutputAsInterpreted(int parallelism)
    {
        var (compiled, interpreted, _) = JobCompilation.RunBothWays<List<string>>(JobSources.Processes, "Shop.Clicks", parallelism, "CMP1005");

        // Click i: user i % 5, page i % 11, time 3 i; every fourth i also a purchase: user i % 7, amount i % 13, time 3 i + 1.
        var clicks = Enumerable.Range(0, 400).Select(i => (User: i % 5L, Page: i % 11L, Time: i * 3L)).ToList();
        var purchases = Enumerable.Range(0, 400).Where(i => i % 4 == 0).Select(i => (User: i % 7L, Amount: i % 13L, Time: i * 3L + 1)).ToList();
        const long end = 1_000_000;
        var expected = new List<string>();
        expected.AddRange(clicks.Select(c => c.Page % 2 == 0 ? $"even:{c.User}:{c.Page}@{c.Time}" : $"odd:{c.User}:{c.Page}"));
        foreach (long offset in new[] { 0L, 100L })
        {
            expected.AddRange(clicks.Select(c => c.User).Distinct().Select(u => $"first:{u + offset}"));
            expected.AddRange(clicks.GroupBy(c => c.User).Select(g => $"clicks:{g.Key + offset}:{g.Count()}:EventTime@{end}"));
        }
        expected.AddRange(clicks.Where(c => c.User == 0).Select(c => $"click:{c.Page}@{c.Time}"));
        expected.AddRange(purchases.Select(p => $"purchase:{p.User}:{p.Amount}@{p.Time}"));
        expected.AddRange(clicks.Select(c => c.User).Union(purchases.Select(p => p.User)).Select(u =>
            $"spend:{u}:{clicks.Count(c => c.User == u)}:{purchases.Where(p => p.User == u).Sum(p => p.Amount)}@{end}"));
        expected.Sort(StringComparer.Ordinal);

        Assert.Equal(expected, compiled);
        Assert.Equal(interpreted, compiled);
    }

    [Fact]
    public void CompiledProcessFunctionsRunTheGeneratedInvokersAndInterpretedModeTheBase()
    {
        var (_, _, output) = JobCompilation.Run(JobSources.Processes);
        var operators = JobCompilation.Load(output).GetType("Shop.Clicks")!.GetMethod("Operators")!;

        // Operators come in pairs (two subtasks of one node); a process operator's last type argument is its invoker.
        static List<(string Operator, string Invoker, string Function)> Invokers(object[] operators)
        {
            var found = new List<(string, string, string)>();
            for (int i = 0; i < operators.Length; i += 2)
            {
                var type = operators[i].GetType();
                if (!type.Name.Contains("ProcessOperator")) continue;
                var functions = new[] { operators[i], operators[i + 1] }
                    .Select(op => type.GetField("_function", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(op)!)
                    .Select(invoker => invoker.GetType().GetProperty("Function")!.GetValue(invoker)!)
                    .ToList();
                Assert.NotSame(functions[0], functions[1]); // each subtask calls its own copy of the function
                found.Add((type.Name, type.GetGenericArguments().Last().Name, functions[0].GetType().Name));
            }
            return found;
        }

        Assert.Equal(
        [
            ("ProcessOperator`3", "__Process0", "EvenPages"),
            ("KeyedProcessOperator`4", "__Process1", "ClicksPerUser"),
            ("CoProcessOperator`4", "__Process2", "Mix"),
            ("KeyedCoProcessOperator`5", "__Process3", "Spend"),
            ("KeyedProcessOperator`4", "KeyedProcessFunctionInvoker`3", "ClicksPerUser"), // passed as its base class
        ], Invokers((object[])operators.Invoke(null, [false])!));
        Assert.Equal(
        [
            ("ProcessOperator`3", "ProcessFunctionInvoker`2", "EvenPages"),
            ("KeyedProcessOperator`4", "KeyedProcessFunctionInvoker`3", "ClicksPerUser"),
            ("CoProcessOperator`4", "CoProcessFunctionInvoker`3", "Mix"),
            ("KeyedCoProcessOperator`5", "KeyedCoProcessFunctionInvoker`4", "Spend"),
            ("KeyedProcessOperator`4", "KeyedProcessFunctionInvoker`3", "ClicksPerUser"),
        ], Invokers((object[])operators.Invoke(null, [true])!));
    }

    [Fact]
    public void ProcessFunctionsWithoutAKnownClassOrHidingTheirMethodsAreCalledThroughTheBase()
    {
        var (compiled, interpreted, generated) = JobCompilation.RunBothWays<List<long>>(JobSources.UncompiledProcesses, "Shop.Kept", parallelism: 2,
            "CMP1005", "CMP1005", "CMP1005");

        Assert.DoesNotContain("__Process", generated["Shop.Kept.StreamJob.g.cs"]); // only the key selector is compiled
        var values = Enumerable.Range(0, 50).Select(i => (long)i).ToList();
        // Hiding's own ProcessElement (negating) is never called: the operator calls the override it inherits from Echo.
        Assert.Equal(values.Concat(values).Concat(values.Select(v => v + 1000)).Order(), compiled);
        Assert.Equal(interpreted, compiled);
    }

    [Fact]
    public void AProcessCallThatStaysBehindTheBaseClassIsAWarningThatSaysWhyAndHowToFixIt()
    {
        var (_, diagnostics, _) = JobCompilation.Run(JobSources.UncompiledProcesses);
        string source = JobSources.UncompiledProcesses;
        string At(Diagnostic d) => source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length);

        Assert.All(diagnostics, d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
        Assert.Equal(["new Hiding()", "Make()", "new Offset<T>(add)"], diagnostics.Select(At));
        var messages = diagnostics.Select(d => d.GetMessage()).ToList();
        Assert.Contains("'Hiding' declares a 'ProcessElement' that hides the base class's", messages[0]);
        Assert.Contains("mark it 'override' or rename it", messages[0]);
        Assert.Contains("its type at the call is 'Compiled.Process.KeyedProcessFunction<long, long, long>'", messages[1]);
        Assert.Contains("pass it typed as its own sealed class", messages[1]);
        Assert.Contains("depend on a type parameter", messages[2]);
        Assert.All(messages, m => Assert.Contains("It still runs, with a virtual call per record", m));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void ReducesThatCannotBeCompiledRunInterpretedWithAWarning(int parallelism)
    {
        var (generated, diagnostics, output) = JobCompilation.Run(JobSources.UncompiledReduces);

        // Captures: the generator's CMP1001 is hidden (analyzer CMP0002 reports them, with a code fix); a delegate value: a visible warning.
        Assert.All(diagnostics, d => Assert.Equal("CMP1001", d.Id));
        Assert.Equal(3, diagnostics.Length);
        string source = JobSources.UncompiledReduces;
        var captures = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Hidden).ToList();
        Assert.Equal(2, captures.Count);
        Assert.All(captures, d => Assert.StartsWith("Reduce is not compiled", d.GetMessage()));
        Assert.All(captures, d => Assert.Contains("captures 'cap'", d.GetMessage()));
        Assert.All(captures, d => Assert.Equal("(a, b) => Math.Min(cap, a + b)", source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length)));
        var warning = Assert.Single(diagnostics, d => d.Severity == DiagnosticSeverity.Warning);
        Assert.Contains("only lambdas and static method groups are compiled", warning.GetMessage());
        Assert.Equal("Add", source.Substring(warning.Location.SourceSpan.Start, warning.Location.SourceSpan.Length));
        Assert.DoesNotContain("__Reduce", generated["Shop.Capped.StreamJob.g.cs"]);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var run = JobCompilation.Load(output).GetType("Shop.Capped")!.GetMethod("Run")!;
        var compiled = (List<(string Kind, long Value)>)run.Invoke(null, [false, parallelism])!;
        var interpreted = (List<(string Kind, long Value)>)run.Invoke(null, [true, parallelism])!;
        // Values 0..299 keyed by v % 3 straight from the (single) source, so each key's order is the input's.
        var expected = new List<(string, long)>();
        for (long key = 0; key < 3; key++)
        {
            var values = Enumerable.Range(0, 300).Select(i => (long)i).Where(v => v % 3 == key).ToList();
            long capped = 0, added = 0;
            for (int i = 0; i < values.Count; i++)
            {
                capped = i == 0 ? values[i] : Math.Min(1000, capped + values[i]);
                added += values[i];
                expected.Add(("rolling", capped));
                expected.Add(("added", added));
            }
            for (int w = 0; w < values.Count / 10; w++)
                expected.Add(("window", values.Skip(w * 10).Take(10).Aggregate((a, b) => Math.Min(1000, a + b))));
        }
        expected.Sort();
        Assert.Equal(expected, compiled);
        Assert.Equal(interpreted, compiled);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void CompiledKeySelectorsOfConnectedStreamsAndExplicitSerializersGiveTheSameOutputAsInterpreted(int parallelism)
    {
        var (compiled, interpreted, generated) = JobCompilation.RunBothWays<List<string>>(JobSources.KeySelectors, "Shop.Accounts", parallelism);
        string code = generated["Shop.Accounts.StreamJob.g.cs"];
        foreach (string selector in new[] { "__Key0_1", "__Key0_2", "__Key1" }) Assert.Contains($"struct {selector} ", code);

        var (activity, balances) = AccountRows();
        Assert.Equal(10, activity.Count);
        Assert.Equal(200, balances.Count);
        Assert.Equal(activity.Concat(balances).Order(StringComparer.Ordinal), compiled);
        Assert.Equal(interpreted, compiled);
    }

    [Fact]
    public void CompiledKeySelectorsRunTheGeneratedStructsAndInterpretedModeTheDelegates()
    {
        var (_, _, output) = JobCompilation.Run(JobSources.KeySelectors);
        var job = JobCompilation.Load(output).GetType("Shop.Accounts")!;
        var operators = job.GetMethod("Operators")!;
        var uids = job.GetMethod("StateUids")!;

        // The keyed co-process and the rolling reduce operators hold their key selectors (boxed) in fields.
        static List<(string Operator, string Selector)> Selectors(object[] operators) =>
        [
            .. operators.SelectMany(op => op.GetType().GetFields(BindingFlags.NonPublic | BindingFlags.Instance)
                .Select(f => f.GetValue(op)?.GetType())
                .Where(t => t is not null && t.GetInterfaces().Any(i => i.IsGenericType && i.Name == "IKeySelector`2"))
                .Select(t => (op.GetType().Name, t!.Name)))
                .Order(),
        ];
        Assert.Equal(
            [("KeyedCoProcessOperator`5", "__Key0_1"), ("KeyedCoProcessOperator`5", "__Key0_2"), ("KeyedReduceOperator`3", "__Key1")],
            Selectors((object[])operators.Invoke(null, [false])!));
        Assert.Equal(
            [("KeyedCoProcessOperator`5", "DelegateKeySelector`2"), ("KeyedCoProcessOperator`5", "DelegateKeySelector`2"), ("KeyedReduceOperator`3", "DelegateKeySelector`2")],
            Selectors((object[])operators.Invoke(null, [true])!));
        // A KeyBy adds no node: the nodes, their names and state uids are the same both ways, so savepoints restore across modes.
        Assert.Contains("activity#", string.Join(",", (string[])uids.Invoke(null, [false])!));
        Assert.Equal((string[])uids.Invoke(null, [true])!, (string[])uids.Invoke(null, [false])!);
    }

    [Fact]
    public void KeySelectorsThatCannotBeCompiledRunInterpretedWithAWarning()
    {
        var (compiled, interpreted, generated) = JobCompilation.RunBothWays<List<string>>(JobSources.UncompiledKeySelectors, "Shop.Linked", parallelism: 2,
            "CMP1001", "CMP1001", "CMP1001", "CMP1001", "CMP1001");
        var (_, diagnostics, _) = JobCompilation.Run(JobSources.UncompiledKeySelectors);
        string source = JobSources.UncompiledKeySelectors;
        string At(Diagnostic d) => source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length);

        // Captures: hidden (analyzer CMP0002 reports them, with a code fix); the rest: visible warnings saying why.
        Assert.Equal(["v => v.User % buckets", "Payer", "UserOf", "p => new Account(p.Account + shift)", "static v => v.GetHashCode()"], diagnostics.Select(At));
        Assert.Equal(
            [DiagnosticSeverity.Hidden, DiagnosticSeverity.Warning, DiagnosticSeverity.Warning, DiagnosticSeverity.Hidden, DiagnosticSeverity.Warning],
            diagnostics.Select(d => d.Severity));
        var messages = diagnostics.Select(d => d.GetMessage()).ToList();
        Assert.All(messages, m => Assert.StartsWith("KeyBy is not compiled", m));
        Assert.Contains("captures 'buckets'", messages[0]);
        Assert.Contains("only lambdas and static method groups are compiled", messages[1]);
        Assert.Contains("only lambdas and static method groups are compiled", messages[2]);
        Assert.Contains("captures 'shift'", messages[3]);
        Assert.Contains("its types depend on a type parameter", messages[4]);
        Assert.DoesNotContain("__Key", generated["Shop.Linked.StreamJob.g.cs"]); // the reduce and the map are compiled

        // Three connected jobs keyed alike (user or account % 10) and the balances keyed by a shifted account.
        var (activity, balances) = AccountRows();
        Assert.Equal(activity.Concat(activity).Concat(activity).Concat(balances).Order(StringComparer.Ordinal), compiled);
        Assert.Equal(interpreted, compiled);
    }

    /// <summary>
    /// The rows the key-selector jobs write for <c>AccountInputs.Of(env, 600)</c>, computed here: each key's visits and
    /// payments (users and accounts keyed % 10), and each account's running balance.
    /// </summary>
    private static (List<string> Activity, List<string> Balances) AccountRows()
    {
        var visits = Enumerable.Range(0, 600).Select(i => i % 13L).ToList();
        var payments = Enumerable.Range(0, 600).Where(i => i % 3 == 0).Select(i => (Account: i % 17L, Amount: i % 29L)).ToList();
        var activity = visits.Select(u => u % 10).Union(payments.Select(p => p.Account % 10))
            .Select(k => $"activity:{k}:{visits.Count(u => u % 10 == k)}:{payments.Where(p => p.Account % 10 == k).Sum(p => p.Amount)}")
            .ToList();
        var balances = new List<string>();
        foreach (var account in payments.GroupBy(p => p.Account))
        {
            long total = 0;
            foreach (var payment in account) balances.Add($"balance:{account.Key}:{total += payment.Amount}");
        }
        return (activity, balances);
    }

    [Fact]
    public void CompiledJobFusesFlatMapsIntoTheChain()
    {
        var (_, _, output) = JobCompilation.Run(JobSources.FlatMapChain);
        var operators = JobCompilation.Load(output).GetType("Shop.Sentences")!.GetMethod("Operators")!;

        Assert.Equal(["Collection", "Filter -> FlatMap -> Map -> FlatMap -> Filter", "Sink"], (string[])operators.Invoke(null, [false])!);
        Assert.Equal(["Collection", "Filter", "FlatMap", "Map", "FlatMap", "Filter", "Sink"], (string[])operators.Invoke(null, [true])!);
    }

    [Fact]
    public void FlatMapPassingItsCollectorOnStaysInterpretedWithAWarning()
    {
        var (generated, diagnostics, output) = JobCompilation.Run(JobSources.CollectorPassedOn);

        var warning = Assert.Single(diagnostics);
        Assert.Equal("CMP1001", warning.Id);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Contains("the collector 'output' is used other than to call its Collect", warning.GetMessage());
        Assert.Empty(generated);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void CapturingLambdaStaysInterpretedAndLeavesTheVisibleDiagnosticToTheAnalyzer()
    {
        var (generated, diagnostics, _) = JobCompilation.Run(JobSources.Capturing);

        // Analyzer CMP0002 reports captures (with a code fix); the generator's copy is hidden.
        var warning = Assert.Single(diagnostics);
        Assert.Equal("CMP1001", warning.Id);
        Assert.Equal(DiagnosticSeverity.Hidden, warning.Severity);
        Assert.Contains("captures 'offset'", warning.GetMessage());
        Assert.Equal("v => v + offset", JobSources.Capturing.Substring(warning.Location.SourceSpan.Start, warning.Location.SourceSpan.Length));
        Assert.Empty(generated);
    }

    [Fact]
    public void DelegateValuesStayInterpretedWithAWarning()
    {
        var (generated, diagnostics, _) = JobCompilation.Run(JobSources.Capturing.Replace(
            "public static DataStream<long> Define(DataStream<long> values, long offset) => values.Map(v => v + offset);",
            "private static readonly Func<long, long> Increment = v => v + 1;\n    public static DataStream<long> Define(DataStream<long> values) => values.Map(Increment);"));

        var warning = Assert.Single(diagnostics);
        Assert.Equal("CMP1001", warning.Id);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Contains("only lambdas and static method groups are compiled", warning.GetMessage());
        Assert.Empty(generated);
    }

    [Fact]
    public void NonPartialJobIsSkippedAndLeftToTheAnalyzer()
    {
        var (generated, diagnostics, _) = JobCompilation.Run(JobSources.NotPartial);

        var warning = Assert.Single(diagnostics);
        Assert.Equal("CMP1002", warning.Id);
        Assert.Equal(DiagnosticSeverity.Hidden, warning.Severity);
        Assert.Contains("'Plain'", warning.GetMessage());
        Assert.Equal("Plain", JobSources.NotPartial.Substring(warning.Location.SourceSpan.Start, warning.Location.SourceSpan.Length));
        Assert.Empty(generated);
    }

    [Theory]
    [InlineData("Chain")]
    [InlineData("Reduces")]
    [InlineData("Processes")]
    [InlineData("KeySelectors")]
    public void UnrelatedEditLeavesTheJobStepCached(string source)
    {
        var compilation = JobCompilation.Create(Source(source), JobSources.Unrelated(1));
        var driver = JobCompilation.Driver().RunGenerators(compilation);

        var edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Last(),
            CSharpSyntaxTree.ParseText(JobSources.Unrelated(2), JobCompilation.ParseOptions, path: "Job1.cs"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single(r => r.Generator.GetGeneratorType() == typeof(StreamJobGenerator));

        var steps = result.TrackedSteps[StreamJobGenerator.TrackingNames.Jobs];
        Assert.NotEmpty(steps);
        Assert.All(steps.SelectMany(s => s.Outputs), o => Assert.Contains(o.Reason, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.Contains(o.Reason, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));
    }

    [Fact]
    public void EditInsideTheJobRegeneratesIt()
    {
        var compilation = JobCompilation.Create(JobSources.Chain);
        var driver = JobCompilation.Driver().RunGenerators(compilation);
        var edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Single(),
            CSharpSyntaxTree.ParseText(JobSources.Chain.Replace("o.Amount * 2", "o.Amount * 3"), JobCompilation.ParseOptions, path: "Job0.cs"));

        var result = driver.RunGenerators(edited).GetRunResult().Results.Single(r => r.Generator.GetGeneratorType() == typeof(StreamJobGenerator));

        Assert.Contains(result.TrackedSteps[StreamJobGenerator.TrackingNames.Jobs].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("o.Amount * 3", result.GeneratedSources.Single().SourceText.ToString());
    }

    private static string Source(string name) =>
        (string)typeof(JobSources).GetField(name, BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
}
