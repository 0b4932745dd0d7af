using Compiled.Functions;
using Compiled.Windowing;
using Nexmark.Rows;

namespace Nexmark.Queries.Functions;

/// <summary>Turns a session's bid count into a q11 row (SESSION_START is the window start, SESSION_END its end).</summary>
public sealed class BidderSessionRow : ProcessWindowFunction<long, Q11Row, long, TimeWindow>
{
    /// <inheritdoc />
    public override void Process(long key, WindowContext<TimeWindow> context, IReadOnlyList<long> elements, ICollector<Q11Row> output) =>
        output.Collect(new Q11Row(key, elements[0], context.Window.Start, context.Window.End));
}
