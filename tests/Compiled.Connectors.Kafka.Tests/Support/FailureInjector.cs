using System.Globalization;
using Compiled.Checkpointing.Storage;

namespace Compiled.Connectors.Kafka.Tests.Support;

/// <summary>
/// Fails a job once it has seen <c>failAfter</c> records and checkpoint <c>afterCheckpoint</c> has completed, so the
/// failure always follows that many checkpoints whatever the machine's speed; until then it slows the job a little
/// (1 ms per 4 records) so a small input does not end first. With <c>failAfter</c> below 0 it only slows, until that
/// checkpoint.
/// </summary>
/// <param name="checkpoints">The job's checkpoint directory.</param>
/// <param name="failAfter">Records seen (by all subtasks) before the failure; below 0: never fail.</param>
/// <param name="afterCheckpoint">The checkpoint that must have completed before the failure.</param>
public sealed class FailureInjector(string checkpoints, long failAfter, int afterCheckpoint = 1)
{
    private long _seen;
    private int _left = failAfter < 0 ? 0 : 1;
    private volatile bool _checkpointed;

    /// <summary>Failures injected so far.</summary>
    public int Injected => failAfter < 0 || Volatile.Read(ref _left) > 0 ? 0 : 1;

    [ThreadStatic]
    private static long t_seenByThisSubtask;

    /// <summary>Passes <paramref name="value"/> through, or throws the injected failure.</summary>
    public T Pass<T>(T value)
    {
        long seen = Interlocked.Increment(ref _seen);
        bool due = ++t_seenByThisSubtask % 4 == 0; // every subtask is slowed alike, whatever the interleaving
        bool armed = _checkpointed;
        if (!armed && due && LatestCompleted() >= afterCheckpoint) _checkpointed = armed = true;
        if (armed && seen >= failAfter && Volatile.Read(ref _left) > 0 && Interlocked.Decrement(ref _left) >= 0)
            throw new InvalidOperationException("injected failure");
        // Slow until the failure is injected, so no subtask's input ends first.
        if (due && (!armed || Volatile.Read(ref _left) > 0)) Thread.Sleep(1);
        return value;
    }

    private long LatestCompleted() => !Directory.Exists(checkpoints) ? 0 : Directory.EnumerateDirectories(checkpoints, "chk-*")
        .Where(d => File.Exists(Path.Combine(d, FileCheckpointStorage.MetadataFileName)))
        .Select(d => long.Parse(Path.GetFileName(d)[4..], CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();
}
