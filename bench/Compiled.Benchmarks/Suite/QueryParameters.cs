using Nexmark.Job;
using Nexmark.Queries;

namespace Compiled.Benchmarks.Suite;

/// <summary>The sample's window sizes and watermark delay in milliseconds, shared by the loops and the Rx.NET versions.</summary>
internal static class QueryParameters
{
    /// <summary>The watermark trails the largest event time seen by this much (plus 1 ms), as the engine's sources.</summary>
    public static readonly long WatermarkDelay = Millis(NexmarkInputs.MaxOutOfOrderness);

    /// <summary>q5's window size.</summary>
    public static readonly long Q5Size = Millis(Q5.Size);

    /// <summary>q5's window slide.</summary>
    public static readonly long Q5Slide = Millis(Q5.Slide);

    /// <summary>q7's window size.</summary>
    public static readonly long Q7Size = Millis(Q7.Size);

    /// <summary>q8's window size.</summary>
    public static readonly long Q8Size = Millis(Q8.Size);

    /// <summary>q11's session gap.</summary>
    public static readonly long Q11Gap = Millis(Q11.Gap);

    /// <summary>The longest window or session gap of the event-time windowed queries.</summary>
    public static TimeSpan LongestWindow => TimeSpan.FromMilliseconds(new[] { Q5Size, Q7Size, Q8Size, Q11Gap }.Max());

    /// <summary>q13's side input: Nexmark's standard table of 10,000 rows, keys 0 .. 9,999.</summary>
    public static SideInputTable SideInput { get; } = SideInputTable.Sequential(10_000);

    /// <summary>Start of the window of <paramref name="size"/> (aligned to the epoch) that holds <paramref name="t"/>.</summary>
    public static long WindowStart(long t, long size) => t - (((t % size) + size) % size);

    private static long Millis(TimeSpan span) => (long)span.TotalMilliseconds;
}
