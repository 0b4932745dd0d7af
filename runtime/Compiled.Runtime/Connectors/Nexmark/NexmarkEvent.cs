namespace Compiled.Connectors.Nexmark;

/// <summary>
/// One Nexmark event: a tagged union of <see cref="Nexmark.Person"/>, <see cref="Nexmark.Auction"/> and
/// <see cref="Nexmark.Bid"/>. Only the member selected by <see cref="Type"/> is meaningful; the others are default.
/// </summary>
public readonly record struct NexmarkEvent
{
    private NexmarkEvent(NexmarkEventType type, Person person, Auction auction, Bid bid)
    {
        Type = type;
        Person = person;
        Auction = auction;
        Bid = bid;
    }

    /// <summary>Which of <see cref="Person"/>, <see cref="Auction"/> or <see cref="Bid"/> is set.</summary>
    public NexmarkEventType Type { get; }

    /// <summary>The person; meaningful only when <see cref="Type"/> is <see cref="NexmarkEventType.Person"/>.</summary>
    public Person Person { get; }

    /// <summary>The auction; meaningful only when <see cref="Type"/> is <see cref="NexmarkEventType.Auction"/>.</summary>
    public Auction Auction { get; }

    /// <summary>The bid; meaningful only when <see cref="Type"/> is <see cref="NexmarkEventType.Bid"/>.</summary>
    public Bid Bid { get; }

    /// <summary>Event time (epoch milliseconds, UTC) of whichever record is set.</summary>
    public long DateTime => Type switch
    {
        NexmarkEventType.Person => Person.DateTime,
        NexmarkEventType.Auction => Auction.DateTime,
        _ => Bid.DateTime,
    };

    /// <summary>Wraps a person.</summary>
    public static NexmarkEvent OfPerson(in Person person) => new(NexmarkEventType.Person, person, default, default);

    /// <summary>Wraps an auction.</summary>
    public static NexmarkEvent OfAuction(in Auction auction) => new(NexmarkEventType.Auction, default, auction, default);

    /// <summary>Wraps a bid.</summary>
    public static NexmarkEvent OfBid(in Bid bid) => new(NexmarkEventType.Bid, default, default, bid);
}
