namespace Compiled.Network;

/// <summary>Control event that travels in-band after a batch's records.</summary>
public enum ControlKind : byte
{
    /// <summary>Records only.</summary>
    None,

    /// <summary>A watermark (<see cref="StreamBatch{T}.ControlValue"/>).</summary>
    Watermark,

    /// <summary>The producer became idle: exclude it from the watermark.</summary>
    Idle,

    /// <summary>The producer became active again.</summary>
    Active,

    /// <summary>The producer has finished: no more data on this channel.</summary>
    EndOfPartition,

    /// <summary>A checkpoint barrier (<see cref="StreamBatch{T}.ControlValue"/> is the checkpoint id): everything before it belongs to the checkpoint.</summary>
    Barrier,
}

/// <summary>
/// A batch of records with their timestamps, passed by value (no serialization) between tasks in
/// one process, optionally followed by one control event. Batches are pooled per channel.
/// </summary>
public sealed class StreamBatch<T>(int capacity)
{
    /// <summary>Record values; valid up to <see cref="Count"/>.</summary>
    public readonly T[] Values = new T[capacity];

    /// <summary>Record timestamps, parallel to <see cref="Values"/>.</summary>
    public readonly long[] Timestamps = new long[capacity];

    /// <summary>Number of records.</summary>
    public int Count;

    /// <summary>Control event after the records.</summary>
    public ControlKind Control;

    /// <summary>Argument of the control event (the watermark).</summary>
    public long ControlValue;

    /// <summary>Whether no more records fit.</summary>
    public bool IsFull => Count == Values.Length;

    /// <summary>Empties the batch for reuse; clears references so pooled batches do not keep records alive.</summary>
    public void Reset()
    {
        if (System.Runtime.CompilerServices.RuntimeHelpers.IsReferenceOrContainsReferences<T>())
            Array.Clear(Values, 0, Count);
        Count = 0;
        Control = ControlKind.None;
        ControlValue = 0;
    }
}
