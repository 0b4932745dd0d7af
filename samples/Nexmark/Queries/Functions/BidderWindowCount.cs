using Compiled.Functions;
using Compiled.Windowing;
using Nexmark.Rows;

namespace Nexmark.Queries.Functions;

/// <summary>Turns the bid count of a bidder's window into a row with the window's start and end (q11's sessions, q12's tumbles).</summary>
public sealed class BidderWindowCount : ProcessWindowFunction<long, BidderWindowRow, long, TimeWindow>
{
    /// <inheritdoc />
    public override void Process(long key, WindowContext<TimeWindow> context, IReadOnlyList<long> elements, ICollector<BidderWindowRow> output) =>
        output.Collect(new BidderWindowRow(key, elements[0], context.Window.Start, context.Window.End));
}
