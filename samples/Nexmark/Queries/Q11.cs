using Compiled;
using Compiled.Api;
using Compiled.Connectors.Nexmark;
using Compiled.Windowing;
using Nexmark.Queries.Functions;
using Nexmark.Rows;

namespace Nexmark.Queries;

/// <summary>
/// Nexmark q11, user sessions: the number of bids of each bidder per session window with a 10 s gap;
/// <c>starttime</c> is the session's first bid and <c>endtime</c> its last bid plus the gap.
/// </summary>
/// <remarks>
/// Each bid opens the window [t, t + 10 s); windows that overlap <em>or touch</em> merge, so a bid exactly 10 s
/// after the previous one continues the session. The default event-time trigger fires at the window's last
/// millisecond (end - 1), when such a touching bid may still be in flight; <see cref="SessionEndTrigger"/> fires
/// at the end itself instead, and one millisecond of allowed lateness keeps the session's state until then.
/// </remarks>
[StreamJob]
public static partial class Q11
{
    /// <summary>Session gap.</summary>
    public static readonly TimeSpan Gap = TimeSpan.FromSeconds(10);

    /// <summary>Bids per bidder and session.</summary>
    public static DataStream<BidderWindowRow> Build(DataStream<Bid> bids) =>
        bids.KeyBy(static b => b.Bidder)
            .Window(EventTimeSessionWindows.WithGap(Gap))
            .Trigger(SessionEndTrigger.Instance)
            .AllowedLateness(TimeSpan.FromMilliseconds(1))
            .Aggregate(new CountAggregate<Bid>(), new BidderWindowCount(), "q11: bids per session");
}
