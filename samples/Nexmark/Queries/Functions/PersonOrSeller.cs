using Compiled;
namespace Nexmark.Queries.Functions;

/// <summary>One side of q8's co-group: a registered person (with a name) or the seller of an auction (without).</summary>
/// <param name="Id">Person id, or the auction's seller id.</param>
/// <param name="Name">The person's name; null for a seller record.</param>
[StreamRecord]
public readonly partial record struct PersonOrSeller(long Id, string? Name)
{
    /// <summary>A person registering.</summary>
    public static PersonOrSeller OfPerson(long id, string name) => new(id, name);

    /// <summary>A person opening an auction.</summary>
    public static PersonOrSeller OfSeller(long id) => new(id, null);
}
