using System.Globalization;

namespace Nexmark.Tests.Reference;

// Inside the namespace so these types win over any same-named types in the samples' Nexmark namespace.
using Compiled.Connectors.Nexmark;

/// <summary>q0, q1, q2: per-bid projections and filters.</summary>
public static partial class NexmarkReference
{
    /// <summary>q0: <c>SELECT auction, bidder, price, dateTime, extra FROM bid</c>.</summary>
    private static IEnumerable<string> Q0(IReadOnlyList<NexmarkEvent> events) =>
        from b in Bids(events)
        select Row(("auction", L(b.Auction)), ("bidder", L(b.Bidder)), ("price", L(b.Price)), ("dateTime", Ts(b.DateTime)), ("extra", b.Extra));

    /// <summary>q1: like q0 with <c>0.908 * price</c> as DECIMAL(23, 3).</summary>
    private static IEnumerable<string> Q1(IReadOnlyList<NexmarkEvent> events) =>
        from b in Bids(events)
        select Row(
            ("auction", L(b.Auction)),
            ("bidder", L(b.Bidder)),
            ("price", (0.908m * b.Price).ToString("0.000", CultureInfo.InvariantCulture)),
            ("dateTime", Ts(b.DateTime)),
            ("extra", b.Extra));

    /// <summary>q2: <c>SELECT auction, price FROM bid WHERE MOD(auction, 123) = 0</c>.</summary>
    private static IEnumerable<string> Q2(IReadOnlyList<NexmarkEvent> events) =>
        from b in Bids(events)
        where b.Auction % 123 == 0
        select Row(("auction", L(b.Auction)), ("price", L(b.Price)));
}
