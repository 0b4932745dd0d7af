namespace Nexmark.Tests.Reference;

// Inside the namespace so these types win over any same-named types in the samples' Nexmark namespace.
using Compiled.Connectors.Nexmark;

/// <summary>q3, q8, q13 and q20: joins.</summary>
public static partial class NexmarkReference
{
    private const long Q8WindowMillis = 10_000;

    /// <summary>
    /// q3: <c>auction A JOIN person P ON A.seller = P.id WHERE A.category = 10 AND P.state IN ('OR','ID','CA')</c>,
    /// columns name, city, state, id (A.id). A regular join: every matching pair is a row.
    /// </summary>
    private static IEnumerable<string> Q3(IReadOnlyList<NexmarkEvent> events) =>
        from a in Auctions(events)
        join p in Persons(events) on a.Seller equals p.Id
        where a.Category == 10 && (p.State == "OR" || p.State == "ID" || p.State == "CA")
        select Row(("name", p.Name), ("city", p.City), ("state", p.State), ("id", L(a.Id)));

    /// <summary>
    /// q8: persons grouped by (id, name, 10 s tumble) joined with auctions grouped by (seller, same tumble)
    /// on id = seller and equal window; columns id, name, stime (window start). Both sides are distinct groups.
    /// </summary>
    private static IEnumerable<string> Q8(IReadOnlyList<NexmarkEvent> events)
    {
        var persons = Persons(events)
            .Select(p => (p.Id, p.Name, Start: WindowStart(p.DateTime, Q8WindowMillis)))
            .Distinct();
        var sellers = Auctions(events)
            .Select(a => (a.Seller, Start: WindowStart(a.DateTime, Q8WindowMillis)))
            .Distinct();
        return from p in persons
               join a in sellers on (p.Id, p.Start) equals (a.Seller, a.Start)
               select Row(("id", L(p.Id)), ("name", p.Name), ("stime", Ts(p.Start)));
    }

    /// <summary>
    /// q13: bids joined with the side input on <c>MOD(auction, 10000) = key</c> (inner: one row per matching side row);
    /// columns auction, bidder, price, dateTime, value.
    /// </summary>
    private static IEnumerable<string> Q13(IReadOnlyList<NexmarkEvent> events, IReadOnlyList<(long Key, string Value)> sideInput) =>
        from b in Bids(events)
        join s in sideInput on b.Auction % 10_000 equals s.Key
        select Row(("auction", L(b.Auction)), ("bidder", L(b.Bidder)), ("price", L(b.Price)), ("dateTime", Ts(b.DateTime)), ("value", s.Value));

    /// <summary>q20: <c>bid B JOIN auction A ON B.auction = A.id WHERE A.category = 10</c>, the bid's columns then the auction's.</summary>
    private static IEnumerable<string> Q20(IReadOnlyList<NexmarkEvent> events) =>
        from b in Bids(events)
        join a in Auctions(events) on b.Auction equals a.Id
        where a.Category == 10
        select Row(
            ("auction", L(b.Auction)), ("bidder", L(b.Bidder)), ("price", L(b.Price)), ("channel", b.Channel), ("url", b.Url),
            ("bid_dateTime", Ts(b.DateTime)), ("bid_extra", b.Extra),
            ("itemName", a.ItemName), ("description", a.Description), ("initialBid", L(a.InitialBid)), ("reserve", L(a.Reserve)),
            ("auction_dateTime", Ts(a.DateTime)), ("expires", Ts(a.Expires)), ("seller", L(a.Seller)), ("category", L(a.Category)),
            ("auction_extra", a.Extra));
}
