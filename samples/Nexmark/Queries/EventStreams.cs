using Compiled.Api;
using Compiled.Connectors.Nexmark;

namespace Nexmark.Queries;

/// <summary>Splits the Nexmark event stream into the three tables the queries read: person, auction and bid.</summary>
public static class EventStreams
{
    /// <summary>The bids of <paramref name="events"/> (Nexmark's <c>bid</c> view).</summary>
    public static DataStream<Bid> Bids(this DataStream<NexmarkEvent> events) =>
        events.FlatMap<Bid>(static (e, output) =>
        {
            if (e.Type == NexmarkEventType.Bid) output.Collect(e.Bid);
        }, "bid");

    /// <summary>The new persons of <paramref name="events"/> (Nexmark's <c>person</c> view).</summary>
    public static DataStream<Person> Persons(this DataStream<NexmarkEvent> events) =>
        events.FlatMap<Person>(static (e, output) =>
        {
            if (e.Type == NexmarkEventType.Person) output.Collect(e.Person);
        }, "person");

    /// <summary>The new auctions of <paramref name="events"/> (Nexmark's <c>auction</c> view).</summary>
    public static DataStream<Auction> Auctions(this DataStream<NexmarkEvent> events) =>
        events.FlatMap<Auction>(static (e, output) =>
        {
            if (e.Type == NexmarkEventType.Auction) output.Collect(e.Auction);
        }, "auction");
}
