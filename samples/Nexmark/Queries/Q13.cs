using Compiled;
using Compiled.Api;
using Compiled.Connectors.Nexmark;
using Nexmark.Queries.Functions;
using Nexmark.Rows;

namespace Nexmark.Queries;

/// <summary>
/// Nexmark q13, bounded side input join: every bid enriched with the <c>value</c> of the side input row whose
/// <c>key = MOD(auction, 10000)</c> (<c>JOIN side_input FOR SYSTEM_TIME AS OF PROCTIME()</c>, a lookup join).
/// </summary>
/// <remarks>
/// The side input is a small bounded table (<see cref="SideInputTable"/>, read from a file before the job starts), so
/// the lookup is local to each subtask: no exchange, no state. The table does not change while the job runs, so a
/// lookup "as of" the processing time is a lookup in it.
/// </remarks>
[StreamJob]
public static partial class Q13
{
    /// <summary>Bids joined with the side input.</summary>
    public static DataStream<Q13Row> Build(DataStream<Bid> bids, SideInputTable sideInput) =>
        bids.Process(new SideInputLookup(sideInput), "q13: join side input");
}
