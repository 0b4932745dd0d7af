using Compiled;
using Compiled.Api;
using Compiled.Connectors.Nexmark;
using Compiled.Windowing;
using Nexmark.Queries.Functions;
using Nexmark.Rows;

namespace Nexmark.Queries;

/// <summary>
/// Nexmark q8, monitor new users: the persons who opened an auction in the same 10 s tumbling window in which they
/// registered. SQL: distinct <c>(id, name, window)</c> of persons joined with distinct <c>(seller, window)</c> of
/// auctions on <c>id = seller</c> and equal windows.
/// </summary>
/// <remarks>
/// A window co-group: persons and auctions are mapped to one <see cref="PersonOrSeller"/> stream, keyed by person
/// id and cut into tumbling windows; <see cref="NewSellerAggregate"/> collects each window's distinct names and
/// whether an auction was seen, and <see cref="NewSellerRows"/> emits the matches when the window closes.
/// </remarks>
[StreamJob]
public static partial class Q8
{
    /// <summary>Window size.</summary>
    public static readonly TimeSpan Size = TimeSpan.FromSeconds(10);

    /// <summary>New persons who became sellers within their first window.</summary>
    public static DataStream<Q8Row> Build(DataStream<NexmarkEvent> events)
    {
        var persons = events.Persons().Map(static p => PersonOrSeller.OfPerson(p.Id, p.Name), "q8: person id, name");
        var sellers = events.Auctions().Map(static a => PersonOrSeller.OfSeller(a.Seller), "q8: seller id");
        return persons.Union(sellers)
            .KeyBy(static r => r.Id)
            .Window(TumblingEventTimeWindows.Of(Size))
            .Aggregate(new NewSellerAggregate(), new NewSellerRows(), "q8: join persons and sellers per window");
    }
}
