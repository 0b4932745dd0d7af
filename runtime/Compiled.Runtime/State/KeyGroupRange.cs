namespace Compiled.State;

/// <summary>A contiguous, inclusive range of key groups owned by one parallel subtask.</summary>
/// <param name="Start">First key group of the range.</param>
/// <param name="End">Last key group of the range (inclusive); <c>End &lt; Start</c> means empty.</param>
public readonly record struct KeyGroupRange(int Start, int End)
{
    /// <summary>Number of key groups in the range.</summary>
    public int Count => Math.Max(0, End - Start + 1);

    /// <summary>Whether <paramref name="keyGroup"/> lies in this range.</summary>
    public bool Contains(int keyGroup) => keyGroup >= Start && keyGroup <= End;

    /// <inheritdoc />
    public override string ToString() => $"[{Start}..{End}]";
}
