namespace Compiled.State;

/// <summary>A state whose namespace is chosen by its owner before each access (the window for window state).</summary>
public interface INamespacedState<TNamespace>
{
    /// <summary>The namespace that accesses refer to.</summary>
    TNamespace CurrentNamespace { get; set; }
}

/// <summary>A state object together with the handle its store uses to set its namespace.</summary>
/// <param name="State">The state handed to user functions.</param>
/// <param name="Scope">Sets the namespace of <paramref name="State"/>.</param>
public readonly record struct NamespacedState<TNamespace, TState>(TState State, INamespacedState<TNamespace> Scope)
{
    /// <summary>Pairs a state that is its own scope.</summary>
    public static NamespacedState<TNamespace, TState> Of<TImpl>(TImpl state) where TImpl : TState, INamespacedState<TNamespace> => new(state, state);
}
