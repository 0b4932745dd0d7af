namespace Compiled.Cluster.Data;

/// <summary>An auto-reset wake-up for one async waiter; setting it many times before the waiter runs wakes it once.</summary>
internal sealed class AsyncSignal
{
    private readonly SemaphoreSlim _semaphore = new(0, int.MaxValue);
    private int _set;

    public void Set()
    {
        if (Interlocked.Exchange(ref _set, 1) == 0) _semaphore.Release();
    }

    /// <summary>Waits for a <see cref="Set"/>; work signalled while the caller then runs is seen by it or wakes it again.</summary>
    public async Task WaitAsync(CancellationToken cancellation)
    {
        await _semaphore.WaitAsync(cancellation).ConfigureAwait(false);
        Volatile.Write(ref _set, 0);
    }
}
