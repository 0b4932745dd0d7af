namespace Compiled.Connectors.Nexmark;

/// <summary>Kind of a <see cref="NexmarkEvent"/>; the numeric values are Nexmark's <c>event_type</c> codes.</summary>
public enum NexmarkEventType
{
    /// <summary>A new person (<c>event_type</c> 0).</summary>
    Person = 0,

    /// <summary>A new auction (<c>event_type</c> 1).</summary>
    Auction = 1,

    /// <summary>A bid (<c>event_type</c> 2).</summary>
    Bid = 2,
}
