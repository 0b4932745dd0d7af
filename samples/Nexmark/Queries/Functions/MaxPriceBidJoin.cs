using Compiled.Connectors.Nexmark;
using Compiled.Functions;
using Compiled.Process;
using Compiled.State;
using Compiled.Windowing;
using Nexmark.Rows;

namespace Nexmark.Queries.Functions;

/// <summary>
/// q7's join of bids (first input) with window maxima (second input), keyed by price. A bid at time t can match
/// the window ending at <c>start(t) + size</c> and, when t lies exactly on a window boundary, also the window ending
/// at t. Until that window's maximum is known the bid waits in keyed state; a maximum is remembered for the
/// window. Both are dropped by an event-time timer at the window end: once the watermark reaches it, no bid at or
/// before the end can still arrive, and the maximum (emitted at end - 1) has arrived if it ever will.
/// </summary>
/// <param name="windowMillis">Size of the tumbling windows, in milliseconds.</param>
public sealed class MaxPriceBidJoin(long windowMillis) : KeyedCoProcessFunction<long, Bid, WindowMax, BidRow>
{
    private static readonly MapStateDescriptor<long, List<Bid>> PendingDescriptor = new("bids-by-window-end");
    private static readonly MapStateDescriptor<long, bool> MaximaDescriptor = new("max-window-ends");

    private MapState<long, List<Bid>>? _pending;
    private MapState<long, bool>? _maxima;

    /// <inheritdoc />
    public override void Open()
    {
        _pending = RuntimeContext.GetMapState(PendingDescriptor);
        _maxima = RuntimeContext.GetMapState(MaximaDescriptor);
    }

    /// <inheritdoc />
    public override void ProcessElement1(in Bid bid, KeyedContext<long> context, ICollector<BidRow> output)
    {
        long start = TimeWindow.StartOf(bid.DateTime, 0, windowMillis);
        Match(bid, start + windowMillis, context, output);
        if (start == bid.DateTime)
        {
            Match(bid, bid.DateTime, context, output); // BETWEEN is inclusive: the window ending now counts too
        }
    }

    /// <inheritdoc />
    public override void ProcessElement2(in WindowMax max, KeyedContext<long> context, ICollector<BidRow> output)
    {
        _maxima!.Put(max.WindowEnd, true);
        context.TimerService.RegisterEventTimeTimer(max.WindowEnd);
        if (_pending!.TryGetValue(max.WindowEnd, out var bids))
        {
            foreach (var bid in bids)
            {
                output.Collect(ToRow(bid));
            }

            _pending.Remove(max.WindowEnd);
        }
    }

    /// <inheritdoc />
    public override void OnTimer(long timestamp, TimerContext<long> context, ICollector<BidRow> output)
    {
        _pending!.Remove(timestamp);
        _maxima!.Remove(timestamp);
    }

    private void Match(in Bid bid, long windowEnd, KeyedContext<long> context, ICollector<BidRow> output)
    {
        if (_maxima!.ContainsKey(windowEnd))
        {
            output.Collect(ToRow(bid));
            return;
        }

        if (!_pending!.TryGetValue(windowEnd, out var bids))
        {
            bids = [];
            _pending.Put(windowEnd, bids);
            context.TimerService.RegisterEventTimeTimer(windowEnd);
        }

        bids.Add(bid);
    }

    /// <summary>The positional INSERT: the bid's price goes to column <c>bidder</c>, its bidder to column <c>price</c>.</summary>
    private static BidRow ToRow(in Bid bid) => new(bid.Auction, Bidder: bid.Price, Price: bid.Bidder, bid.DateTime, bid.Extra);
}
