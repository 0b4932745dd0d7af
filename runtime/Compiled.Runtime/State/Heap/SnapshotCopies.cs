using System.Runtime.CompilerServices;

namespace Compiled.State.Heap;

/// <summary>
/// How a heap table's values can be captured at a barrier without serializing them on the task thread: values that
/// cannot change after capture (no references, or strings) are shared as they are; lists and maps of such values are
/// copied (the states mutate them in place). Anything else (arbitrary reference types, which user code may mutate) has
/// no copier and is serialized synchronously.
/// </summary>
internal static class SnapshotCopies
{
    /// <summary>Whether a captured <typeparamref name="T"/> stays as it was: no references, or a string.</summary>
    public static bool IsImmutable<T>() => !RuntimeHelpers.IsReferenceOrContainsReferences<T>() || typeof(T) == typeof(string);

    /// <summary>Values shared as they are, or null when they must be serialized at capture.</summary>
    public static Func<T, T>? ForValue<T>() => IsImmutable<T>() ? static v => v : null;

    /// <summary>Lists copied element by element, or null when the elements are not immutable.</summary>
    public static Func<List<T>, List<T>>? ForList<T>() => IsImmutable<T>() ? static l => l is null ? l! : [.. l] : null;

    /// <summary>Maps copied entry by entry, or null when keys or values are not immutable.</summary>
    public static Func<Dictionary<TKey, TValue>, Dictionary<TKey, TValue>>? ForMap<TKey, TValue>() where TKey : notnull =>
        IsImmutable<TKey>() && IsImmutable<TValue>() ? static m => m is null ? m! : new Dictionary<TKey, TValue>(m) : null;
}
