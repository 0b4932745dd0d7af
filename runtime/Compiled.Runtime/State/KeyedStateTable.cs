using System.Diagnostics.CodeAnalysis;

namespace Compiled.State;

/// <summary>
/// One state's entries for the backend's current key, addressed by namespace: the raw access that operators managing
/// their own state (window contents) use instead of the typed state objects.
/// </summary>
public abstract class KeyedStateTable<TNamespace, TValue> where TNamespace : notnull
{
    /// <summary>
    /// The live value of the current key in <paramref name="ns"/>, if any (expired entries are absent). The caller may
    /// change it in place and must not keep it across a checkpoint barrier.
    /// </summary>
    public abstract bool TryGet(TNamespace ns, [MaybeNullWhen(false)] out TValue value);

    /// <summary>Whether the current key has a value in <paramref name="ns"/>, without handing the value out.</summary>
    public virtual bool Contains(TNamespace ns) => TryGet(ns, out _);

    /// <summary>Sets the value of the current key in <paramref name="ns"/> (and refreshes its TTL).</summary>
    public abstract void Put(TNamespace ns, TValue value);

    /// <summary>Removes the value of the current key in <paramref name="ns"/>.</summary>
    public abstract bool Remove(TNamespace ns);
}
