using Compiled;
using Compiled.Functions;
using Compiled.Process;
using Compiled.State;
using Nexmark.Rows;

namespace Nexmark.Queries.Functions;

/// <summary>
/// q5's second stage, keyed by window end: keeps the auctions with the largest count seen so far for the window
/// (ties included) and emits them when the event-time timer at the window's last millisecond fires. The counts
/// are emitted by the window operator with that timestamp before it forwards the watermark, so by then all
/// counts of the window are in: the survivors are exactly the rows with <c>num &gt;= max(num)</c>.
/// </summary>
/// <remarks>
/// The leaders' list of a fired window is kept and refilled for the next window, so a window costs no allocation.
/// That is safe because value state hands out a list nothing else holds: the heap backend's own (copied first if a
/// running snapshot shares it), which clearing the state lets go of, or a deserialized one.
/// </remarks>
public sealed partial class HottestAuctions : KeyedProcessFunction<long, AuctionCount, Q5Row>
{
    [State] ValueState<WindowLeaders> _leaders = null!;
    private List<AuctionCount>? _spare; // per subtask: only ever set from state while running

    /// <inheritdoc />
    public override void Open() => _spare = null;

    /// <inheritdoc />
    public override void ProcessElement(in AuctionCount count, KeyedContext<long> context, ICollector<Q5Row> output)
    {
        var leaders = _leaders.Value.Auctions;
        if (leaders is not { Count: > 0 })
        {
            context.TimerService.RegisterEventTimeTimer(count.WindowEnd - 1);
            leaders ??= _spare ?? [];
            _spare = null;
        }
        else if (count.Num < leaders[0].Num)
        {
            return;
        }
        else if (count.Num > leaders[0].Num)
        {
            leaders.Clear();
        }
        leaders.Add(count);
        _leaders.Update(new WindowLeaders(leaders));
    }

    /// <inheritdoc />
    public override void OnTimer(long timestamp, TimerContext<long> context, ICollector<Q5Row> output)
    {
        var leaders = _leaders.Value.Auctions;
        if (leaders is null) return;
        foreach (var leader in leaders)
        {
            output.Collect(new Q5Row(leader.Auction, leader.Num));
        }
        _leaders.Clear();
        leaders.Clear();
        _spare = leaders;
    }
}
