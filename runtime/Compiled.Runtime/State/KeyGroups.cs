namespace Compiled.State;

/// <summary>
/// Key-group arithmetic: a key belongs to one of <c>maxParallelism</c> key groups forever, and key
/// groups are split into contiguous ranges among subtasks. Rescaling moves whole key groups.
/// </summary>
public static class KeyGroups
{
    /// <summary>The default number of key groups (Flink's default for small jobs).</summary>
    public const int DefaultMaxParallelism = 128;

    /// <summary>Key group of a key whose canonical bytes hash to <paramref name="murmurHash"/>.</summary>
    public static int KeyGroupOf(uint murmurHash, int maxParallelism) => (int)(murmurHash % (uint)maxParallelism);

    /// <summary>Subtask that owns <paramref name="keyGroup"/> at the given parallelism.</summary>
    public static int SubtaskOf(int keyGroup, int parallelism, int maxParallelism) => keyGroup * parallelism / maxParallelism;

    /// <summary>The key groups owned by <paramref name="subtask"/>: the inverse of <see cref="SubtaskOf"/>.</summary>
    public static KeyGroupRange RangeOf(int subtask, int parallelism, int maxParallelism)
    {
        if (parallelism <= 0 || parallelism > maxParallelism)
            throw new ArgumentOutOfRangeException(nameof(parallelism), $"Parallelism {parallelism} must be between 1 and maxParallelism ({maxParallelism}).");
        int start = (subtask * maxParallelism + parallelism - 1) / parallelism;
        int end = ((subtask + 1) * maxParallelism - 1) / parallelism;
        return new KeyGroupRange(start, end);
    }
}
