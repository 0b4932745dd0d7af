using System.Globalization;

namespace Compiled.Benchmarks.Chains;

/// <summary>
/// <c>bench chains [--records N] [--rounds R] [--events E]</c>: only the operator-chain comparison (q1, q2: loop vs
/// compiled vs interpreted in one process) and the steady-state allocation probe (q1, q2, q5, q7), printed as markdown.
/// The full suite measures the same; this runs in a minute.
/// </summary>
internal static class ChainsCommand
{
    public static int Run(IReadOnlyList<string> args, TextWriter output)
    {
        int records = 1 << 20, rounds = 11;
        long events = 1_000_000;
        for (int i = 0; i < args.Count; i++)
        {
            string option = args[i];
            string value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{option} needs a value.");
            switch (option)
            {
                case "--records": records = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--rounds": rounds = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--events": events = long.Parse(value, CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"Unknown option '{option}' (chains takes --records, --rounds, --events).");
            }
        }
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine("| query | variant | operators | ns/record (median) | vs loop | allocated bytes/record |");
        output.WriteLine("|---|---|---:|---:|---:|---:|");
        foreach (var c in ChainMeasurements.Run(records, rounds))
            output.WriteLine(string.Create(inv, $"| {c.Query} | {c.Variant} | {(c.Operators == 0 ? "-" : c.Operators.ToString(inv))} | {c.NsPerRecord:F2} | {c.VsLoop:F2}x | {c.AllocatedBytesPerRecord:F3} |"));
        output.WriteLine();
        output.WriteLine("| query | allocated bytes per event |");
        output.WriteLine("|---|---:|");
        foreach (var a in AllocationProbe.Run(events))
            output.WriteLine(string.Create(inv, $"| {a.Query} | {a.BytesPerEvent:F3} |"));
        return 0;
    }
}
