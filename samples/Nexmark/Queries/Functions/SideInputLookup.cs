using Compiled.Connectors.Nexmark;
using Compiled.Functions;
using Compiled.Process;
using Nexmark.Rows;

namespace Nexmark.Queries.Functions;

/// <summary>
/// q13's lookup join: each bid is joined with the side input rows whose key is <c>auction mod 10000</c> (an inner
/// join: a bid without a matching key is dropped, a key with several rows gives several rows). The table is read
/// once and shared by the subtasks; it is never modified.
/// </summary>
/// <param name="table">The side input.</param>
public sealed class SideInputLookup(SideInputTable table) : ProcessFunction<Bid, Q13Row>
{
    /// <summary>The lookup key is the auction id modulo this (SQL's MOD: the sign of the dividend).</summary>
    public const long KeyModulus = 10_000;

    /// <inheritdoc />
    public override void ProcessElement(in Bid bid, ProcessContext context, ICollector<Q13Row> output)
    {
        foreach (string value in table.Lookup(bid.Auction % KeyModulus))
        {
            output.Collect(new Q13Row(bid.Auction, bid.Bidder, bid.Price, bid.DateTime, value));
        }
    }
}
