using Compiled.Cluster.Data;
using Compiled.Network;
using Compiled.Plan;
using Compiled.Serialization;

namespace Compiled.Cluster.Workers;

/// <summary>
/// Finds the channels of a deployment whose producer and consumer run on different workers and wraps this worker's end
/// of each in a remote channel. Channels with both ends here stay local and pass records by value, unchanged.
/// </summary>
internal sealed class RemoteChannelBinder : IStreamEdgeVisitor<int>
{
    private readonly SubtaskDeployment _deployment;
    private readonly IReadOnlyList<int> _owners;
    private readonly int _self;
    private readonly SavepointIds _savepoints;
    private int _edgeIndex;

    private RemoteChannelBinder(SubtaskDeployment deployment, IReadOnlyList<int> slotOwners, int self, SavepointIds savepoints)
    {
        _deployment = deployment;
        _owners = slotOwners;
        _self = self;
        _savepoints = savepoints;
    }

    /// <summary>Remote outputs by the worker that consumes them.</summary>
    public List<(int Peer, RemoteOutputChannel Channel)> Outputs { get; } = [];

    /// <summary>Remote inputs by the worker that produces them.</summary>
    public List<(int Peer, RemoteInputChannel Channel)> Inputs { get; } = [];

    /// <summary>Binds every exchange of <paramref name="deployment"/>; the channels mark and learn <paramref name="savepoints"/>.</summary>
    /// <exception cref="NotSupportedException">Records of an exchange that crosses workers have no generated serializer.</exception>
    public static RemoteChannelBinder Bind(SubtaskDeployment deployment, IReadOnlyList<int> slotOwners, int self, SavepointIds savepoints)
    {
        var binder = new RemoteChannelBinder(deployment, slotOwners, self, savepoints);
        for (int e = 0; e < deployment.Exchanges.Count; e++)
        {
            binder._edgeIndex = e;
            deployment.Exchanges[e].Accept(binder);
        }
        return binder;
    }

    public int Visit<T>(StreamEdge<T> edge)
    {
        var channels = (LocalChannel<T>[][])_deployment.Channels[edge];
        RecordSerializer<T>? serializer = null;
        for (int p = 0; p < channels.Length; p++)
        {
            for (int k = 0; k < channels[p].Length; k++)
            {
                int consumer = edge.IsForward ? p : k;
                int producerWorker = _owners[p], consumerWorker = _owners[consumer];
                if (producerWorker == consumerWorker || (producerWorker != _self && consumerWorker != _self)) continue;
                serializer ??= RecordSerializers.TryGet<T>(out var found) ? found
                    : throw new NotSupportedException(
                        $"Records of type '{typeof(T).Name}' cross workers on the exchange '{edge.Source.Name} -> {edge.Target.Name}' but have no generated serializer: mark the type [StreamRecord] and partial.");
                var id = new ChannelId(_edgeIndex, p, consumer);
                if (producerWorker == _self) Outputs.Add((consumerWorker, new RemoteOutputChannel<T>(id, channels[p][k], serializer) { Savepoints = _savepoints }));
                else Inputs.Add((producerWorker, new RemoteInputChannel<T>(id, channels[p][k], serializer) { Savepoints = _savepoints }));
            }
        }
        return 0;
    }
}
