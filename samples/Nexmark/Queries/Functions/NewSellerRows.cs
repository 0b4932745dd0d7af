using Compiled.Functions;
using Compiled.Windowing;
using Nexmark.Rows;

namespace Nexmark.Queries.Functions;

/// <summary>Emits one q8 row per distinct name of a person id that also sold in the window, stamped with the window start.</summary>
public sealed class NewSellerRows : ProcessWindowFunction<NewSellerWindow, Q8Row, long, TimeWindow>
{
    /// <inheritdoc />
    public override void Process(long key, WindowContext<TimeWindow> context, IReadOnlyList<NewSellerWindow> elements, ICollector<Q8Row> output)
    {
        var window = elements[0];
        if (!window.Sold) return;
        foreach (string name in window.Names)
        {
            output.Collect(new Q8Row(key, name, context.Window.Start));
        }
    }
}
