using Microsoft.CodeAnalysis;

namespace Compiled.Analyzers;

/// <summary>Every diagnostic the analyzers report. Ids are stable; each has a page under docs/diagnostics.</summary>
public static class Descriptors
{
    /// <summary>Base of the help links: the page of a diagnostic is <c>HelpLinkBase + id + ".md"</c>.</summary>
    public const string HelpLinkBase = "https://github.com/compiled-streaming/compiled/blob/main/docs/diagnostics/";

    private const string Usage = "Compiled.Usage";
    private const string Determinism = "Compiled.Determinism";
    private const string Serialization = "Compiled.Serialization";
    private const string Time = "Compiled.Time";
    private const string Performance = "Compiled.Performance";
    private const string State = "Compiled.State";

    /// <summary>CMP0001: a [StreamRecord] or [StreamJob] type (or a type containing it) is not partial.</summary>
    public static readonly DiagnosticDescriptor TypeMustBePartial = Create(
        "CMP0001", "Annotated type must be partial",
        "'{0}' is marked [{1}] but {2} not partial: the generator cannot add its members",
        Usage, DiagnosticSeverity.Error);

    /// <summary>CMP0002: a lambda given to an operator captures locals, parameters or <c>this</c>.</summary>
    public static readonly DiagnosticDescriptor LambdaCaptures = Create(
        "CMP0002", "Operator lambda captures state",
        "This lambda captures {0}: it cannot be compiled into the fused operator chain and what it captures is not checkpointed",
        Usage, DiagnosticSeverity.Warning);

    /// <summary>CMP0003: a key selector or key serializer is non-deterministic.</summary>
    public static readonly DiagnosticDescriptor NonDeterministicKey = Create(
        "CMP0003", "Non-deterministic key",
        "{0} is not deterministic: keys must hash identically in every process and after a restore",
        Determinism, DiagnosticSeverity.Error);

    /// <summary>CMP0004: a type crosses an exchange, enters a sink or state without a serializer.</summary>
    public static readonly DiagnosticDescriptor MissingSerializer = Create(
        "CMP0004", "Type has no serializer",
        "'{0}' {1} but has no serializer: mark it [StreamRecord] (and partial)",
        Serialization, DiagnosticSeverity.Warning);

    /// <summary>CMP0005: a member of a [StreamRecord] type has a type that cannot be serialized.</summary>
    public static readonly DiagnosticDescriptor UnserializableMember = Create(
        "CMP0005", "Stream record member cannot be serialized",
        "Member '{0}' of stream record '{1}' has type '{2}', which cannot be serialized ({3})",
        Serialization, DiagnosticSeverity.Error);

    /// <summary>CMP0006: event-time windows or timers on a stream without a watermark strategy.</summary>
    public static readonly DiagnosticDescriptor NoWatermarks = Create(
        "CMP0006", "Event time used on a stream without watermarks",
        "{0} on a stream whose source has no watermark strategy: {1}",
        Time, DiagnosticSeverity.Error);

    /// <summary>CMP0007: a blocking call inside an operator function.</summary>
    public static readonly DiagnosticDescriptor BlockingCall = Create(
        "CMP0007", "Blocking call in an operator function",
        "'{0}' blocks the task thread: it stalls the mailbox, watermarks and checkpoints of the whole chain",
        Performance, DiagnosticSeverity.Warning);

    /// <summary>CMP0008: a static mutable field or property written from an operator function.</summary>
    public static readonly DiagnosticDescriptor StaticWrite = Create(
        "CMP0008", "Static mutable state written from an operator function",
        "Static '{0}' is written from an operator function: it is shared by all parallel subtasks and never checkpointed; use keyed state",
        State, DiagnosticSeverity.Warning);

    /// <summary>CMP0009: keyed state or timers used by a function that runs on a non-keyed stream.</summary>
    public static readonly DiagnosticDescriptor KeyedStateOnNonKeyedStream = Create(
        "CMP0009", "Keyed state or timers on a non-keyed stream",
        "{0} needs a keyed stream, but '{1}' is a {2} and runs on a non-keyed stream: call KeyBy(...) and derive from {3}",
        State, DiagnosticSeverity.Error);

    /// <summary>CMP0010: window or time parameters known at compile time are invalid.</summary>
    public static readonly DiagnosticDescriptor InvalidWindowParameter = Create(
        "CMP0010", "Invalid window parameter",
        "{0}",
        Time, DiagnosticSeverity.Error);

    /// <summary>CMP0011: a floating-point or mutable reference type is used as a key.</summary>
    public static readonly DiagnosticDescriptor BadKeyType = Create(
        "CMP0011", "Unsuitable key type",
        "Key type '{0}' {1}",
        Determinism, DiagnosticSeverity.Warning);

    /// <summary>CMP0012: a [StreamRecord] schema changed incompatibly with its schema lock file: savepoints could not be restored.</summary>
    public static readonly DiagnosticDescriptor IncompatibleSchemaChange = Create(
        "CMP0012", "Incompatible stream record schema change",
        "{0}",
        Serialization, DiagnosticSeverity.Error);

    /// <summary>CMP0013: a [StreamRecord] schema changed compatibly (or is new): the schema lock file should be updated.</summary>
    public static readonly DiagnosticDescriptor SchemaLockOutdated = Create(
        "CMP0013", "Stream record schema lock is out of date",
        "Stream record '{0}' {1}; update streamrecords.lock",
        Serialization, DiagnosticSeverity.Info);

    private static DiagnosticDescriptor Create(string id, string title, string message, string category, DiagnosticSeverity severity) =>
        new(id, title, message, category, severity, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + id + ".md");
}
