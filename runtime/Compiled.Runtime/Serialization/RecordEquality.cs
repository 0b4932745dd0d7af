namespace Compiled.Serialization;

/// <summary>Helpers for the equality the generator emits for non-record <c>[StreamRecord]</c> types.</summary>
public static class RecordEquality
{
    /// <summary>Element-wise equality of two sequences (both null is equal).</summary>
    public static bool SequenceEqual<T>(IReadOnlyList<T>? a, IReadOnlyList<T>? b)
    {
        if (ReferenceEquals(a, b)) return true;
        if (a is null || b is null || a.Count != b.Count) return false;
        var comparer = EqualityComparer<T>.Default;
        for (int i = 0; i < a.Count; i++)
        {
            if (!comparer.Equals(a[i], b[i])) return false;
        }
        return true;
    }

    /// <summary>Adds the count and elements of a sequence to a hash.</summary>
    public static void AddSequence<T>(ref HashCode hash, IReadOnlyList<T>? items)
    {
        if (items is null)
        {
            hash.Add(-1);
            return;
        }
        hash.Add(items.Count);
        for (int i = 0; i < items.Count; i++) hash.Add(items[i]);
    }
}
