using Compiled;
using Compiled.Api;
using Compiled.Connectors.Nexmark;
using Compiled.Windowing;
using Nexmark.Queries.Functions;
using Nexmark.Rows;

namespace Nexmark.Queries;

/// <summary>
/// Nexmark q12, processing-time windows: the number of bids of each bidder per 10 s tumbling window of
/// <em>processing</em> time (<c>TUMBLE(PROCTIME(), 10 s)</c>); <c>starttime</c>/<c>endtime</c> are the window's bounds.
/// </summary>
/// <remarks>
/// Which window a bid falls into depends on the wall clock, so only the totals per bidder are reproducible. At the end
/// of a bounded input the windows still open are emitted (<see cref="ProcessingTimeOrEndOfInputTrigger"/>) rather than
/// dropped, so every bid is counted exactly once.
/// </remarks>
[StreamJob]
public static partial class Q12
{
    /// <summary>Window size.</summary>
    public static readonly TimeSpan Size = TimeSpan.FromSeconds(10);

    /// <summary>Bids per bidder and processing-time window.</summary>
    public static DataStream<BidderWindowRow> Build(DataStream<Bid> bids) =>
        bids.KeyBy(static b => b.Bidder)
            .Window(TumblingProcessingTimeWindows.Of(Size))
            .Trigger(ProcessingTimeOrEndOfInputTrigger.Instance)
            .Aggregate(new CountAggregate<Bid>(), new BidderWindowCount(), "q12: bids per processing-time window");
}
