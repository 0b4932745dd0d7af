namespace Compiled.Connectors.Nexmark;

/// <summary>A Nexmark bid event: a person bidding on an auction.</summary>
/// <param name="Auction">Id of the auction bid on.</param>
/// <param name="Bidder">Id of the bidding person.</param>
/// <param name="Price">Bid price.</param>
/// <param name="Channel">Channel the bid came through, e.g. "Google" or "channel-42".</param>
/// <param name="Url">URL the bid was placed from.</param>
/// <param name="DateTime">Event time in epoch milliseconds (UTC).</param>
/// <param name="Extra">Padding that brings the record to its configured average size.</param>
public readonly record struct Bid(
    long Auction,
    long Bidder,
    long Price,
    string Channel,
    string Url,
    long DateTime,
    string Extra);
