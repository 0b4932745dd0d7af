using Compiled;
using Compiled.Functions;
using Compiled.Windowing;

namespace Nexmark.Queries.Functions;

/// <summary>The highest bids of one auction in the tumbling window that ends at <paramref name="WindowEnd"/>.</summary>
/// <param name="WindowEnd">End of the window (exclusive), epoch milliseconds.</param>
/// <param name="Top">The highest bids.</param>
[StreamRecord]
public readonly partial record struct WindowTop(long WindowEnd, TopBids Top);

/// <summary>Tags an auction's highest bids with their window's end.</summary>
public sealed class WindowTopOf : ProcessWindowFunction<TopBids, WindowTop, long, TimeWindow>
{
    /// <inheritdoc />
    public override void Process(long key, WindowContext<TimeWindow> context, IReadOnlyList<TopBids> elements, ICollector<WindowTop> output) =>
        output.Collect(new WindowTop(context.Window.End, elements[0]));
}
