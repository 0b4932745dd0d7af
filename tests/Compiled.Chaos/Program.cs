using System.Diagnostics;
using Compiled.Chaos;

ChaosOptions options;
try
{
    if (args.Any(a => a is "--help" or "-h"))
    {
        Console.WriteLine(ChaosOptions.Usage);
        return 0;
    }
    options = ChaosOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

string root = Directory.CreateTempSubdirectory("compiled-chaos-").FullName;
Console.WriteLine($"chaos: seed {options.Seed}, {options.Events} events per job, scenarios {string.Join(", ", options.Scenarios)}, " +
    $"for {options.Minutes} minutes; work in {root}");
var random = new Random(options.Seed);
var expected = new ExpectedOutputs(root);
var clock = Stopwatch.StartNew();
int passed = 0, failed = 0;
for (int n = 1; n <= options.Iterations && clock.Elapsed < TimeSpan.FromMinutes(options.Minutes); n++)
{
    string scenario = options.Scenarios[(n - 1) % options.Scenarios.Count];
    string query = random.Next(2) == 0 ? "q5" : "q7";
    string directory = Path.Combine(root, $"{n:000}-{scenario}");
    Directory.CreateDirectory(directory);
    var iteration = new Iteration(n, new Random(random.Next()), directory, query, options.Events, expected);
    var started = Stopwatch.StartNew();
    Outcome outcome;
    try
    {
        outcome = scenario switch
        {
            "heap" => SingleProcessScenario.Run(iteration, "heap", rescale: false),
            "rocksdb" => SingleProcessScenario.Run(iteration, "rocksdb", rescale: false),
            "rescale" => SingleProcessScenario.Run(iteration, iteration.Random.Next(2) == 0 ? "heap" : "rocksdb", rescale: true),
            _ => ClusterScenario.Run(iteration),
        };
    }
    catch (Exception ex) when (ex is InvalidOperationException or IOException)
    {
        outcome = new Outcome(false, ex.Message);
    }
    if (outcome.Passed) passed++;
    else failed++;
    Console.WriteLine($"#{n} {scenario}: {(outcome.Passed ? "ok" : "FAILED")} — {outcome.Description} ({started.Elapsed.TotalSeconds:0.0} s)");
    if (outcome.Passed && !options.Keep) Directory.Delete(directory, recursive: true);
    else if (!outcome.Passed) Console.WriteLine($"    kept {directory}");
}
Console.WriteLine($"chaos: {passed} passed, {failed} failed in {clock.Elapsed.TotalMinutes:0.0} minutes (seed {options.Seed})");
if (failed == 0 && !options.Keep) Directory.Delete(root, recursive: true);
return failed == 0 ? 0 : 1;
