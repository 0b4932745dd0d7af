using System.Globalization;

namespace Compiled.Benchmarks.Chains;

/// <summary>
/// <c>bench chains [--records N] [--rounds R] [--distinct D] [--events E] [--allocation-types]</c>: only the operator-chain comparison (q1, q2: loop vs
/// compiled vs interpreted in one process) and the steady-state allocation probe (q1, q2, q5, q7), printed as markdown.
/// The full suite measures the same; this runs in a minute.
/// </summary>
internal static class ChainsCommand
{
    public static int Run(IReadOnlyList<string> args, TextWriter output)
    {
        int records = 1 << 20, rounds = 11, distinct = ChainMeasurements.DefaultDistinct;
        long events = 1_000_000;
        bool types = false;
        for (int i = 0; i < args.Count; i++)
        {
            string option = args[i];
            if (option == "--allocation-types")
            {
                types = true;
                continue;
            }
            string value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{option} needs a value.");
            switch (option)
            {
                case "--records": records = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--rounds": rounds = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--events": events = long.Parse(value, CultureInfo.InvariantCulture); break;
                case "--distinct": distinct = int.Parse(value, CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"Unknown option '{option}' (chains takes --records, --rounds, --distinct, --events, --allocation-types).");
            }
        }
        var inv = CultureInfo.InvariantCulture;
        if (types)
        {
            // What a q5/q7 run allocates, by sampled type (the probe's steady-state figure says how much).
            foreach (var (query, build) in AllocationProbe.Queries())
            {
                build(1000);
                using var listener = new AllocationTypes();
                build(events);
                output.WriteLine($"{query}: " + string.Join(", ", listener.Top(8).Select(t => $"{t.Type} x{t.Ticks}")));
            }
            return 0;
        }
        output.WriteLine("| query | variant | operators | ns/record (median) | vs loop | allocated bytes/record |");
        output.WriteLine("|---|---|---:|---:|---:|---:|");
        foreach (var c in ChainMeasurements.Run(records, rounds, distinct))
            output.WriteLine(string.Create(inv, $"| {c.Query} | {c.Variant} | {(c.Operators == 0 ? "-" : c.Operators.ToString(inv))} | {c.NsPerRecord:F2} | {c.VsLoop:F2}x | {c.AllocatedBytesPerRecord:F3} |"));
        output.WriteLine();
        output.WriteLine("| query | allocated bytes per event |");
        output.WriteLine("|---|---:|");
        foreach (var a in AllocationProbe.Run(events))
            output.WriteLine(string.Create(inv, $"| {a.Query} | {a.BytesPerEvent:F3} |"));
        return 0;
    }
}
