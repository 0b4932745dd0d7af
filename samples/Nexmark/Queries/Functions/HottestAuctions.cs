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
public sealed class HottestAuctions : KeyedProcessFunction<long, AuctionCount, Q5Row>
{
    private static readonly ListStateDescriptor<AuctionCount> LeadersDescriptor = new("leaders");

    private ListState<AuctionCount>? _leaders;
    private AuctionCount[] _newLeader = []; // refills the leaders' list without allocating one; per subtask (created in Open)

    /// <inheritdoc />
    public override void Open()
    {
        _leaders = RuntimeContext.GetListState(LeadersDescriptor);
        _newLeader = new AuctionCount[1];
    }

    /// <inheritdoc />
    public override void ProcessElement(in AuctionCount count, KeyedContext<long> context, ICollector<Q5Row> output)
    {
        var leaders = _leaders!.Get();
        if (leaders.Count == 0)
        {
            context.TimerService.RegisterEventTimeTimer(count.WindowEnd - 1);
            _leaders.Add(count);
        }
        else if (count.Num == leaders[0].Num)
        {
            _leaders.Add(count);
        }
        else if (count.Num > leaders[0].Num)
        {
            _newLeader[0] = count;
            _leaders.Update(_newLeader);
        }
    }

    /// <inheritdoc />
    public override void OnTimer(long timestamp, TimerContext<long> context, ICollector<Q5Row> output)
    {
        foreach (var leader in _leaders!.Get())
        {
            output.Collect(new Q5Row(leader.Auction, leader.Num));
        }

        _leaders.Clear();
    }
}
