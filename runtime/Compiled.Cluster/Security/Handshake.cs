using System.Security.Cryptography;
using Compiled.Cluster.Wire;

namespace Compiled.Cluster.Security;

/// <summary>
/// Mutual challenge-response authentication: each side sends a fresh random nonce and proves it knows the secret with
/// HMAC-SHA256 over both nonces, a role label and the connection's purpose. The secret never crosses the wire, a
/// recorded exchange cannot be replayed (new nonces), and proofs are compared in constant time.
/// </summary>
internal static class Handshake
{
    public const int NonceSize = 32;
    public const int ProofSize = 32;
    public const int Version = 2; // 2: subtasks end with a final checkpoint (TaskFinishing)
    public static ReadOnlySpan<byte> Magic => "CMPL"u8;

    public static byte[] NewNonce() => RandomNumberGenerator.GetBytes(NonceSize);

    public static byte[] Proof(ClusterSecret secret, string role, ConnectionPurpose purpose, ReadOnlySpan<byte> clientNonce, ReadOnlySpan<byte> serverNonce)
    {
        var message = new PayloadWriter().WriteString(role).WriteByte((byte)purpose).WriteRaw(clientNonce).WriteRaw(serverNonce);
        return secret.Sign(message.Written);
    }

    public static bool Verify(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual) =>
        actual.Length == expected.Length && CryptographicOperations.FixedTimeEquals(expected, actual);
}

/// <summary>What a connection is for; part of the authenticated handshake, so a proof for one purpose is useless for another.</summary>
public enum ConnectionPurpose : byte
{
    /// <summary>Worker to coordinator: registration, deployment, checkpoints, heartbeats.</summary>
    Control = 1,

    /// <summary>Worker to worker: records of the network shuffle.</summary>
    Data = 2,
}
