using Compiled;

namespace Compiled.Benchmarks;

/// <summary>A mutable state value for the state figures: user functions change such objects in place.</summary>
[StreamRecord]
public sealed partial class TallyValue
{
    /// <summary>Changes so far.</summary>
    [FieldId(1)] public long Count { get; set; }

    /// <summary>Payload that makes the value as large as the figures' string values.</summary>
    [FieldId(2)] public string Label { get; set; } = "";

    /// <summary>Keys of recent changes.</summary>
    [FieldId(3)] public List<long> Recent { get; set; } = [];
}
