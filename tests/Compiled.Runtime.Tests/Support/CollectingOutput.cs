using Compiled.Execution;
using Compiled.Functions;

namespace Compiled.Tests.Support;

/// <summary>An operator output that records everything it is given: records, watermarks, status changes and side outputs.</summary>
public sealed class CollectingOutput<T> : Output<T>
{
    private readonly Dictionary<string, List<(object? Value, long Timestamp)>> _side = new(StringComparer.Ordinal);

    /// <summary>Main-output records with their timestamps, in emission order.</summary>
    public List<(T Value, long Timestamp)> Records { get; } = [];

    /// <summary>Forwarded watermarks, in order.</summary>
    public List<long> Watermarks { get; } = [];

    /// <summary>Forwarded idle (true) / active (false) changes, in order.</summary>
    public List<bool> StatusChanges { get; } = [];

    /// <summary>Main-output values only.</summary>
    public List<T> Values => Records.Select(r => r.Value).ToList();

    /// <summary>Records emitted to the side output <paramref name="tag"/>.</summary>
    public List<(TSide Value, long Timestamp)> Side<TSide>(OutputTag<TSide> tag) =>
        _side.TryGetValue(tag.Id, out var list) ? list.Select(e => ((TSide)e.Value!, e.Timestamp)).ToList() : [];

    /// <summary>Forgets everything recorded so far.</summary>
    public void Clear()
    {
        Records.Clear();
        Watermarks.Clear();
        StatusChanges.Clear();
        _side.Clear();
    }

    /// <inheritdoc />
    public override void Collect(in T value, long timestamp) => Records.Add((value, timestamp));

    /// <inheritdoc />
    public override void EmitWatermark(long watermark) => Watermarks.Add(watermark);

    /// <inheritdoc />
    public override void EmitWatermarkStatus(bool idle) => StatusChanges.Add(idle);

    /// <inheritdoc />
    public override void CollectSide<TSide>(OutputTag<TSide> tag, in TSide value, long timestamp)
    {
        if (!_side.TryGetValue(tag.Id, out var list)) _side[tag.Id] = list = [];
        list.Add((value, timestamp));
    }
}
