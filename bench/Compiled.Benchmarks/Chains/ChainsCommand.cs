using System.Globalization;

namespace Compiled.Benchmarks.Chains;

/// <summary>
/// <c>bench chains [--records N] [--rounds R] [--distinct D] [--events E] [--allocation-types]</c>: only the operator-chain comparison (q1, q2: loop vs
/// compiled vs interpreted in one process) and the steady-state allocation probe (q1, q2, q5, q7), printed as markdown.
/// The full suite measures the same; this runs in a minute. <c>--allocation-types</c> prints instead, per query, the types the
/// runtime sampled (about one per 100 KB allocated) between the probe's marks, events E and 2E.
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
            // What q1..q7 allocate between events N and 2N, by sampled type (the probe's figure says how much).
            foreach (var (query, run) in AllocationProbe.Queries())
            {
                var at = new DateTime[2];
                using var listener = new AllocationTypes();
                var source = AllocationProbe.Interval(events, mark => at[mark] = DateTime.UtcNow);
                run(source);
                Thread.Sleep(500); // the runtime delivers the last ticks to the listener a little later
                output.WriteLine(string.Create(inv, $"{query} ({AllocationProbe.BytesPerEvent(source, events) * events:F0} bytes with the listener on): ")
                    + string.Join(", ", listener.Top(8, at[0], at[1]).Select(t => $"{t.Type} x{t.Ticks}")));
            }
            return 0;
        }
        output.WriteLine("| query | variant | operators | ns/record (median) | vs loop | allocated bytes/record |");
        output.WriteLine("|---|---|---:|---:|---:|---:|");
        foreach (var c in ChainMeasurements.Run(records, rounds, distinct))
            output.WriteLine(string.Create(inv, $"| {c.Query} | {c.Variant} | {(c.Operators == 0 ? "-" : c.Operators.ToString(inv))} | {c.NsPerRecord:F2} | {c.VsLoop:F2}x | {c.AllocatedBytesPerRecord:F3} |"));
        output.WriteLine();
        output.WriteLine(string.Create(inv, $"| query | allocated bytes per event | bytes from event {events:N0} to {2 * events:N0} |"));
        output.WriteLine("|---|---:|---:|");
        foreach (var a in AllocationProbe.Run(events))
            output.WriteLine(string.Create(inv, $"| {a.Query} | {a.BytesPerEvent:F3} | {a.BytesPerEvent * events:F0} |"));
        return 0;
    }
}
