using Compiled.Functions;
using Compiled.State.Snapshots;

namespace Compiled.Tests.State;

/// <summary>A mutable state value: functions change it in place, as user accumulators do.</summary>
public sealed class Tally
{
    public long Count;
    public string Label = "";
    public List<long> Recent = [];

    /// <summary>Registers the serializer (idempotent), as the generated [StreamRecord] serializers do.</summary>
    public static void Register()
    {
        StateSerializers.Register(StateSerializers.Create<Tally>(static (w, t) =>
        {
            w.WriteVarLong(t.Count);
            w.WriteString(t.Label);
            w.WriteVarLong(t.Recent.Count);
            foreach (long r in t.Recent) w.WriteVarLong(r);
        }, static (ref SnapshotReader r) =>
        {
            var t = new Tally { Count = r.ReadVarLong(), Label = r.ReadString()! };
            long n = r.ReadVarLong();
            for (long i = 0; i < n; i++) t.Recent.Add(r.ReadVarLong());
            return t;
        }));
        StateSerializers.Register(StateSerializers.Create<Average>(static (w, a) =>
        {
            w.WriteVarLong(a.Sum);
            w.WriteVarLong(a.Count);
        }, static (ref SnapshotReader r) => new Average { Sum = r.ReadVarLong(), Count = r.ReadVarLong() }));
    }
}

/// <summary>A class accumulator changed in place.</summary>
public sealed class Average
{
    public long Sum;
    public long Count;
}

/// <summary>Averages by changing its class accumulator in place (and reading it in <see cref="GetResult"/>).</summary>
public sealed class InPlaceAverage : IAggregateFunction<long, Average, double>
{
    public Average CreateAccumulator() => new();

    public Average Add(in long value, Average accumulator)
    {
        accumulator.Sum += value;
        accumulator.Count++;
        return accumulator;
    }

    public double GetResult(Average accumulator) => accumulator.Count == 0 ? 0 : (double)accumulator.Sum / accumulator.Count;

    public Average Merge(Average a, Average b)
    {
        a.Sum += b.Sum;
        a.Count += b.Count;
        return a;
    }
}
