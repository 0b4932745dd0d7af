namespace Compiled.Connectors.Nexmark;

/// <summary>A Nexmark "new auction" event: a person putting an item up for sale.</summary>
/// <param name="Id">Auction id (the first generated auction has id 1000).</param>
/// <param name="ItemName">Name of the item.</param>
/// <param name="Description">Description of the item.</param>
/// <param name="InitialBid">Opening price.</param>
/// <param name="Reserve">Reserve price (always at least <paramref name="InitialBid"/>).</param>
/// <param name="DateTime">Event time in epoch milliseconds (UTC).</param>
/// <param name="Expires">Time the auction closes, in epoch milliseconds (UTC).</param>
/// <param name="Seller">Id of the selling person.</param>
/// <param name="Category">Category id, 10..14 with the default generator.</param>
/// <param name="Extra">Padding that brings the record to its configured average size.</param>
[StreamRecord]
public readonly partial record struct Auction(
    [FieldId(1)] long Id,
    [FieldId(2)] string ItemName,
    [FieldId(3)] string Description,
    [FieldId(4)] long InitialBid,
    [FieldId(5)] long Reserve,
    [FieldId(6)] long DateTime,
    [FieldId(7)] long Expires,
    [FieldId(8)] long Seller,
    [FieldId(9)] long Category,
    [FieldId(10)] string Extra);
