namespace Compiled.Checkpointing.Storage;

/// <summary>
/// Reference counts of the files in a checkpoint storage's <c>shared/</c> directory: incremental checkpoints reference
/// files that earlier checkpoints copied, so a file is deleted only when no retained checkpoint references it.
/// </summary>
public sealed class SharedStateRegistry
{
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

    /// <summary>Number of distinct shared files referenced by retained checkpoints.</summary>
    public int Count => _counts.Count;

    /// <summary>Whether a retained checkpoint references <paramref name="sharedName"/>.</summary>
    public bool IsReferenced(string sharedName) => _counts.ContainsKey(sharedName);

    /// <summary>A checkpoint referencing <paramref name="sharedNames"/> was completed (or found on disk).</summary>
    public void Register(IEnumerable<string> sharedNames)
    {
        foreach (string name in sharedNames.Distinct(StringComparer.Ordinal))
            _counts[name] = _counts.GetValueOrDefault(name) + 1;
    }

    /// <summary>A checkpoint referencing <paramref name="sharedNames"/> was discarded; returns the files no checkpoint references any more.</summary>
    public IReadOnlyList<string> Release(IEnumerable<string> sharedNames)
    {
        var unreferenced = new List<string>();
        foreach (string name in sharedNames.Distinct(StringComparer.Ordinal))
        {
            if (!_counts.TryGetValue(name, out int count)) continue;
            if (count > 1) _counts[name] = count - 1;
            else
            {
                _counts.Remove(name);
                unreferenced.Add(name);
            }
        }
        return unreferenced;
    }
}
