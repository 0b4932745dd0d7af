namespace Compiled.Network;

/// <summary>Slots handed out by an operator output's <c>Reserve</c> (an exchange batch's free tail or a scratch buffer): <see cref="Length"/> records from <see cref="Start"/> of the arrays.</summary>
public readonly struct OutputSpace<T>(T[] values, long[] timestamps, int start, int length)
{
    /// <summary>The array holding the slots.</summary>
    public T[] ValueArray { get; } = values;

    /// <summary>The timestamps array, parallel to <see cref="ValueArray"/>.</summary>
    public long[] TimestampArray { get; } = timestamps;

    /// <summary>Index of the first slot.</summary>
    public int Start { get; } = start;

    /// <summary>Number of slots.</summary>
    public int Length { get; } = length;

    /// <summary>The value slots.</summary>
    public Span<T> Values => ValueArray.AsSpan(Start, Length);

    /// <summary>The timestamp slots.</summary>
    public Span<long> Timestamps => TimestampArray.AsSpan(Start, Length);
}
