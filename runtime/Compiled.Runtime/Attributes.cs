namespace Compiled;

/// <summary>Marks an event type whose binary serializer, key hashing and equality are generated at build time.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
public sealed class StreamRecordAttribute : Attribute;

/// <summary>
/// Declares the stable wire id of a member of a <c>[StreamRecord]</c> type (1 to 16,777,215). Ids, not
/// names or positions, identify fields on the wire: keep a member's id when renaming or reordering it,
/// and never reuse the id of a removed member. Without the attribute the generator derives the id from
/// the member's name (FNV-1a, range 16..16,383) and records it in the serializer's schema text.
/// On a positional record, put it on the parameter.
/// </summary>
/// <param name="id">The field id.</param>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter, Inherited = false)]
public sealed class FieldIdAttribute(int id) : Attribute
{
    /// <summary>The field id.</summary>
    public int Id { get; } = id;
}

/// <summary>Excludes a member of a <c>[StreamRecord]</c> type from serialization (it reads back as its default).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter, Inherited = false)]
public sealed class NotSerializedAttribute : Attribute;

/// <summary>Marks a partial class whose job definition is compiled into fused operator chains at build time.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class StreamJobAttribute : Attribute;

/// <summary>Marks a field of a stateful function as keyed state bound by the runtime.</summary>
[AttributeUsage(AttributeTargets.Field, Inherited = false)]
public sealed class StateAttribute : Attribute
{
    /// <summary>Time-to-live of each entry in seconds; 0 means entries never expire.</summary>
    public int TtlSeconds { get; set; }
}
