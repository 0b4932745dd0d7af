using System.Runtime.CompilerServices;
using Compiled.State.Snapshots;

namespace Compiled.Windowing;

/// <summary>Registers the window types with the state serializers, so window state can be snapshotted.</summary>
internal static class WindowSerializers
{
    // The state layer sits below windowing and cannot name window types, so windowing registers them at load
    // (the same mechanism the generated [StreamRecord] serializers use).
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register()
    {
        StateSerializers.Register(StateSerializers.Create<TimeWindow>(
            static (w, v) => { w.WriteVarLong(v.Start); w.WriteVarLong(v.End); },
            static (ref SnapshotReader r) => new TimeWindow(r.ReadVarLong(), r.ReadVarLong())));
        StateSerializers.Register(StateSerializers.Create<GlobalWindow>(static (_, _) => { }, static (ref SnapshotReader _) => default));
    }
}
