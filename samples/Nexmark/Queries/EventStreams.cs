using Compiled;
using Compiled.Api;
using Compiled.Connectors.Nexmark;

namespace Nexmark.Queries;

/// <summary>Splits the Nexmark event stream into the three tables the queries read: person, auction and bid.</summary>
[StreamJob]
public static partial class EventStreams
{
    /// <summary>The bids of <paramref name="events"/> (Nexmark's <c>bid</c> view).</summary>
    public static DataStream<Bid> Bids(this DataStream<NexmarkEvent> events) =>
        events.Filter(static e => e.Type == NexmarkEventType.Bid, "bid")
              .Map(static e => e.Bid, "bid");

    /// <summary>The new persons of <paramref name="events"/> (Nexmark's <c>person</c> view).</summary>
    public static DataStream<Person> Persons(this DataStream<NexmarkEvent> events) =>
        events.Filter(static e => e.Type == NexmarkEventType.Person, "person")
              .Map(static e => e.Person, "person");

    /// <summary>The new auctions of <paramref name="events"/> (Nexmark's <c>auction</c> view).</summary>
    public static DataStream<Auction> Auctions(this DataStream<NexmarkEvent> events) =>
        events.Filter(static e => e.Type == NexmarkEventType.Auction, "auction")
              .Map(static e => e.Auction, "auction");
}
