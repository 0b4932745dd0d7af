namespace Compiled;

/// <summary>Marks an event type whose binary serializer, key hashing and equality are generated at build time.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
public sealed class StreamRecordAttribute : Attribute;

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
