using Compiled.State.Snapshots;

namespace Compiled.Benchmarks;

/// <summary>A mutable state value for the state figures: user functions change such objects in place.</summary>
internal sealed class TallyValue
{
    static TallyValue() => StateSerializers.Register(StateSerializers.Create<TallyValue>(static (w, t) =>
    {
        w.WriteVarLong(t.Count);
        w.WriteString(t.Label);
        w.WriteVarLong(t.Recent.Count);
        foreach (long r in t.Recent) w.WriteVarLong(r);
    }, static (ref SnapshotReader r) =>
    {
        var t = new TallyValue { Count = r.ReadVarLong(), Label = r.ReadString()! };
        long n = r.ReadVarLong();
        for (long i = 0; i < n; i++) t.Recent.Add(r.ReadVarLong());
        return t;
    }));

    /// <summary>Changes so far.</summary>
    public long Count { get; set; }

    /// <summary>Payload that makes the value as large as the figures' string values.</summary>
    public string Label { get; set; } = "";

    /// <summary>Keys of recent changes.</summary>
    public List<long> Recent { get; set; } = [];
}
