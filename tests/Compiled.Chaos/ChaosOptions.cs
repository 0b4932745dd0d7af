using System.Globalization;

namespace Compiled.Chaos;

/// <summary>
/// Options of the chaos runner: <c>[--minutes M] [--iterations N] [--seed S] [--events N] [--scenarios a,b,…] [--keep]</c>.
/// </summary>
internal sealed record ChaosOptions(double Minutes, int Iterations, int Seed, long Events, IReadOnlyList<string> Scenarios, bool Keep)
{
    public const string Usage = """
        Compiled.Chaos — kill -9 the Nexmark job binary at random points, over and over, and compare what it committed
        with an uninterrupted run's output.

          --minutes M       stop starting iterations after M minutes (default 10)
          --iterations N    at most N iterations (default: unlimited within --minutes)
          --seed S          seed of the random choices (default: from the clock; printed, so a failure can be replayed)
          --events N        events per job (default 1500000)
          --scenarios LIST  comma-separated, from: heap, rocksdb, rescale, cluster (default: all, in turn)
          --keep            keep the work directories of passing iterations too (failing ones are always kept)

        Exit code 0 when every iteration committed exactly the uninterrupted output, 1 otherwise, 2 for bad arguments.
        """;

    public static readonly string[] AllScenarios = ["heap", "rocksdb", "rescale", "cluster"];

    public static ChaosOptions Parse(string[] args)
    {
        var options = new ChaosOptions(10, int.MaxValue, Environment.TickCount & 0x7fffffff, 1_500_000, AllScenarios, Keep: false);
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--minutes" => options with { Minutes = Positive("--minutes", double.Parse(Value(), CultureInfo.InvariantCulture)) },
                "--iterations" => options with { Iterations = (int)Positive("--iterations", int.Parse(Value(), CultureInfo.InvariantCulture)) },
                "--seed" => options with { Seed = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--events" => options with { Events = (long)Positive("--events", long.Parse(Value(), CultureInfo.InvariantCulture)) },
                "--scenarios" => options with { Scenarios = ParseScenarios(Value()) },
                "--keep" => options with { Keep = true },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'.\n\n{Usage}"),
            };
        }
        return options;
    }

    private static double Positive(string option, double value) =>
        value > 0 ? value : throw new ArgumentException($"{option} must be positive, got {value}.");

    private static string[] ParseScenarios(string list)
    {
        var names = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var name in names)
            if (!AllScenarios.Contains(name)) throw new ArgumentException($"Unknown scenario '{name}': choose from {string.Join(", ", AllScenarios)}.");
        return names.Length > 0 ? names : throw new ArgumentException("--scenarios names no scenario.");
    }
}
