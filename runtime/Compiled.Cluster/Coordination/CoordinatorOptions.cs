using System.Net;
using Compiled.Cluster.Data;
using Compiled.Cluster.Wire;

namespace Compiled.Cluster.Coordination;

/// <summary>Settings of the coordinator process.</summary>
public sealed record CoordinatorOptions
{
    /// <summary>Control address workers connect to.</summary>
    public required IPEndPoint Bind { get; init; }

    /// <summary>How long to wait for enough slots (at the start and after a failure) before giving up.</summary>
    public TimeSpan SlotTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the coordinator says it is alive.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A worker silent for this long is considered lost (a killed process is noticed at once by its closed connection).</summary>
    public TimeSpan HeartbeatTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long workers get to stop a cancelled attempt.</summary>
    public TimeSpan CancelTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Restarts after failures; null takes the job's strategy, or 3 attempts 1 s apart when the job has none.</summary>
    public RestartStrategy? RestartStrategy { get; init; }

    /// <summary>Address of the REST API, or null for none (127.0.0.1 unless told otherwise).</summary>
    public IPEndPoint? Rest { get; init; } = new(IPAddress.Loopback, 8081);

    /// <summary>Connection limits.</summary>
    public ConnectionOptions Connection { get; init; } = new();

    /// <summary>Network shuffle settings (the flush timeout is sent to the workers).</summary>
    public DataPlaneOptions Data { get; init; } = new();
}
