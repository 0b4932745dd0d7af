using Compiled;

namespace Nexmark.Queries.Functions;

/// <summary>The columns of a person that q3 reports, kept in list state until the person's auctions arrive.</summary>
/// <param name="Name">The person's name.</param>
/// <param name="City">The person's city.</param>
/// <param name="State">The person's state.</param>
[StreamRecord]
public readonly partial record struct SellerColumns(string Name, string City, string State);
