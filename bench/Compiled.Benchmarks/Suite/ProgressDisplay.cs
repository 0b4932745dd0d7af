using System.Diagnostics;

namespace Compiled.Benchmarks.Suite;

/// <summary>One console line per step: how far the suite is, how long it ran, an estimate of what is left, and the step's result.</summary>
internal sealed class ProgressDisplay(int totalSteps, TextWriter output)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _done;

    /// <summary>Announces a step (the line is completed by <see cref="End"/>).</summary>
    public void Begin(string label)
    {
        string left = _done == 0 ? "?" : Format(_clock.Elapsed / _done * (totalSteps - _done));
        output.Write($"[{_done + 1,3}/{totalSteps} {100 * _done / Math.Max(1, totalSteps),3}% {Format(_clock.Elapsed)} elapsed, ~{left} left] {label} ... ");
        output.Flush();
    }

    /// <summary>Completes the step's line with its result.</summary>
    public void End(string result)
    {
        _done++;
        output.WriteLine(result);
    }

    /// <summary>A line outside the steps (a warning).</summary>
    public void Note(string line) => output.WriteLine(line);

    private static string Format(TimeSpan t) => t.TotalHours >= 1 ? t.ToString(@"h\:mm\:ss") : t.ToString(@"m\:ss");
}
