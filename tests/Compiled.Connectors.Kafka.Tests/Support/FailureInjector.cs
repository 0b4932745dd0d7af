using Compiled.Checkpointing.Storage;

namespace Compiled.Connectors.Kafka.Tests.Support;

/// <summary>
/// Fails a job once it has seen <c>failAfter</c> records and a checkpoint has completed, so the failure always
/// happens after at least one checkpoint whatever the machine's speed; until that checkpoint it slows the job a little
/// (1 ms per 20 records) so a small input does not end first. With <c>failAfter</c> below 0 it only slows.
/// </summary>
public sealed class FailureInjector(string checkpoints, long failAfter, int failures = 1)
{
    private long _seen;
    private int _left = failAfter < 0 ? 0 : failures;
    private volatile bool _checkpointed;

    /// <summary>Failures injected so far.</summary>
    public int Injected => (failAfter < 0 ? 0 : failures) - Math.Max(0, Volatile.Read(ref _left));

    /// <summary>Passes <paramref name="value"/> through, or throws the injected failure.</summary>
    public T Pass<T>(T value)
    {
        long seen = Interlocked.Increment(ref _seen);
        if (!_checkpointed)
        {
            if (seen % 20 != 0) return value;
            if (!HasCompletedCheckpoint())
            {
                Thread.Sleep(1);
                return value;
            }
            _checkpointed = true;
        }
        if (seen >= failAfter && Volatile.Read(ref _left) > 0 && Interlocked.Decrement(ref _left) >= 0)
        {
            Interlocked.Exchange(ref _seen, 0); // the restarted attempt counts again
            throw new InvalidOperationException("injected failure");
        }
        return value;
    }

    private bool HasCompletedCheckpoint() =>
        Directory.Exists(checkpoints) && Directory.EnumerateDirectories(checkpoints, "chk-*").Any(d => File.Exists(Path.Combine(d, FileCheckpointStorage.MetadataFileName)));
}
