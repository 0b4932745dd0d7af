namespace Compiled.Connectors.Nexmark;

/// <summary>A Nexmark bid event: a person bidding on an auction.</summary>
/// <param name="Auction">Id of the auction bid on.</param>
/// <param name="Bidder">Id of the bidding person.</param>
/// <param name="Price">Bid price.</param>
/// <param name="Channel">Channel the bid came through, e.g. "Google" or "channel-42".</param>
/// <param name="Url">URL the bid was placed from.</param>
/// <param name="DateTime">Event time in epoch milliseconds (UTC).</param>
/// <param name="Extra">Padding that brings the record to its configured average size.</param>
[StreamRecord]
public readonly partial record struct Bid(
    [FieldId(1)] long Auction,
    [FieldId(2)] long Bidder,
    [FieldId(3)] long Price,
    [FieldId(4)] string Channel,
    [FieldId(5)] string Url,
    [FieldId(6)] long DateTime,
    [FieldId(7)] string Extra);
