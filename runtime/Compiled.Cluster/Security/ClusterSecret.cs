using System.Security.Cryptography;
using System.Text;

namespace Compiled.Cluster.Security;

/// <summary>
/// The shared secret every cluster connection authenticates with. It comes from the <c>COMPILED_CLUSTER_SECRET</c>
/// environment variable or from a file (<c>--secret-file</c>), never from the command line, where other users of the
/// machine could read it in the process list.
/// </summary>
public sealed class ClusterSecret
{
    /// <summary>The environment variable holding the secret.</summary>
    public const string EnvironmentVariable = "COMPILED_CLUSTER_SECRET";

    /// <summary>Shortest accepted secret, in bytes.</summary>
    public const int MinimumLength = 16;

    private readonly byte[] _key;

    private ClusterSecret(byte[] key) => _key = key;

    /// <summary>A secret from its text (tests; applications use <see cref="Load"/>).</summary>
    /// <exception cref="ArgumentException">The secret is shorter than <see cref="MinimumLength"/> bytes.</exception>
    public static ClusterSecret FromText(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        byte[] key = Encoding.UTF8.GetBytes(secret);
        if (key.Length < MinimumLength)
            throw new ArgumentException($"The cluster secret has {key.Length} bytes; use at least {MinimumLength} (e.g. 'openssl rand -hex 32').", nameof(secret));
        return new ClusterSecret(key);
    }

    /// <summary>Reads the secret from <paramref name="secretFile"/> when given, else from <see cref="EnvironmentVariable"/>.</summary>
    /// <exception cref="ArgumentException">No secret is configured, the file is missing, or the secret is too short; the message says what to set.</exception>
    public static ClusterSecret Load(string? secretFile)
    {
        if (secretFile is not null)
        {
            if (!File.Exists(secretFile)) throw new ArgumentException($"--secret-file '{secretFile}' does not exist: give the file holding the cluster secret.");
            return FromText(File.ReadAllText(secretFile).TrimEnd('\r', '\n'));
        }
        string? text = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrEmpty(text))
            throw new ArgumentException($"No cluster secret: set the {EnvironmentVariable} environment variable or pass --secret-file FILE (the same secret on every process of the cluster).");
        return FromText(text);
    }

    /// <summary>HMAC-SHA256 of <paramref name="message"/> under the secret.</summary>
    internal byte[] Sign(ReadOnlySpan<byte> message) => HMACSHA256.HashData(_key, message);
}
