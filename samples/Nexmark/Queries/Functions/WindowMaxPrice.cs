using Compiled;
using Compiled.Functions;
using Compiled.Windowing;

namespace Nexmark.Queries.Functions;

/// <summary>The largest bid price of a window (q7's <c>B1</c>).</summary>
/// <param name="MaxPrice">Largest price of the window's bids.</param>
/// <param name="WindowEnd">End of the window, epoch milliseconds (q7's <c>B1.dateTime</c>).</param>
[StreamRecord]
public readonly partial record struct WindowMax(long MaxPrice, long WindowEnd);

/// <summary>Attaches the window end to a window's maximum price.</summary>
public sealed class WindowMaxPrice : ProcessWindowFunction<long, WindowMax, byte, TimeWindow>
{
    /// <inheritdoc />
    public override void Process(byte key, WindowContext<TimeWindow> context, IReadOnlyList<long> elements, ICollector<WindowMax> output) =>
        output.Collect(new WindowMax(elements[0], context.Window.End));
}
