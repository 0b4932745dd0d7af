using System.Diagnostics;

namespace Compiled.Connectors.Kafka.Tests.Support;

/// <summary>Bounded waiting for conditions of running jobs.</summary>
public static class Waits
{
    /// <summary>Polls <paramref name="condition"/> every 20 ms for at most <paramref name="seconds"/>; fails with <paramref name="what"/> if it never holds.</summary>
    public static void Until(Func<bool> condition, string what, double seconds = 30)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed.TotalSeconds > seconds) Assert.Fail($"timed out after {seconds} s waiting until {what}");
            Thread.Sleep(20);
        }
    }

    /// <summary>Cancels a running job and waits for it to end.</summary>
    public static void Cancel(CancellationTokenSource cancellation, Cluster.JobClient job)
    {
        cancellation.Cancel();
        try { job.Completion.Wait(TimeSpan.FromSeconds(30)); }
        catch (AggregateException ex) when (ex.InnerException is OperationCanceledException) { }
        Assert.True(job.Completion.IsCompleted, "the cancelled job did not end within 30 s");
    }
}
