using Compiled.Generators.Common;

namespace Compiled.Generators.StateFields.Model;

/// <summary>The function class that declares <c>[State]</c> fields, and why it cannot be bound (if so).</summary>
internal sealed record StateOwner(
    string FullName,
    string HintName,
    string? Namespace,
    EquatableArray<string> ContainingTypes,
    string TypeDeclaration,
    LocationInfo Location,
    string? Problem);

/// <summary>One <c>[State]</c> field: its state kind and type arguments (fully qualified), and TTL.</summary>
internal sealed record StateFieldModel(
    StateOwner Owner,
    string Name,
    string Kind,
    EquatableArray<string> TypeArguments,
    int TtlSeconds,
    LocationInfo Location,
    string? Problem);

/// <summary>All <c>[State]</c> fields of one class: one generated file.</summary>
internal sealed record StateOwnerModel(StateOwner Owner, EquatableArray<StateFieldModel> Fields);
