namespace Compiled.Functions;

/// <summary>Names a typed side output of an operator (late data, dead letters, user side outputs).</summary>
/// <typeparam name="T">Type of the records in the side output.</typeparam>
/// <param name="id">Identifier, unique within a job.</param>
public sealed class OutputTag<T>(string id) : OutputTag(id);

/// <summary>Untyped base of <see cref="OutputTag{T}"/>.</summary>
public abstract class OutputTag
{
    /// <summary>Creates a tag.</summary>
    protected OutputTag(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        Id = id;
    }

    /// <summary>Identifier of the side output.</summary>
    public string Id { get; }

    /// <inheritdoc />
    public override string ToString() => Id;
}
