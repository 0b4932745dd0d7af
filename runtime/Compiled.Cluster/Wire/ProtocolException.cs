namespace Compiled.Cluster.Wire;

/// <summary>A peer broke the protocol (bad frame, oversized frame, failed authentication); the connection is closed.</summary>
/// <param name="message">What the peer did wrong.</param>
public sealed class ProtocolException(string message) : Exception(message);
