using System.Net;
using Compiled.Cluster.Data;
using Compiled.Cluster.Wire;

namespace Compiled.Cluster.Workers;

/// <summary>Settings of a worker process.</summary>
public sealed record WorkerOptions
{
    /// <summary>The coordinator's control address.</summary>
    public required EndPoint Coordinator { get; init; }

    /// <summary>Slots offered: each runs one subtask of every vertex.</summary>
    public int Slots { get; init; } = 1;

    /// <summary>Interface the data-plane listener binds to (peers connect there); loopback by default.</summary>
    public IPAddress DataBind { get; init; } = IPAddress.Loopback;

    /// <summary>How often the worker says it is alive.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Silence after which the coordinator is considered lost.</summary>
    public TimeSpan HeartbeatTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long to keep trying to reach a (restarting) coordinator before giving up.</summary>
    public TimeSpan ReconnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Connection limits.</summary>
    public ConnectionOptions Connection { get; init; } = new();

    /// <summary>Network shuffle settings.</summary>
    public DataPlaneOptions Data { get; init; } = new();
}
