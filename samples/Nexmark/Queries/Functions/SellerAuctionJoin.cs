using Compiled.Connectors.Nexmark;
using Compiled.Functions;
using Compiled.Process;
using Compiled.State;
using Nexmark.Rows;

namespace Nexmark.Queries.Functions;

/// <summary>
/// q3's inner join of auctions (first input) and persons (second input), keyed by seller / person id.
/// Each side is remembered in keyed state forever (as a SQL regular join without state TTL), and each arriving
/// record is joined with everything already seen on the other side, so every pair is emitted exactly once.
/// </summary>
public sealed class SellerAuctionJoin : KeyedCoProcessFunction<long, Auction, Person, Q3Row>
{
    private static readonly ListStateDescriptor<long> AuctionIds = new("auction-ids");
    private static readonly ListStateDescriptor<SellerColumns> Sellers = new("sellers");

    private ListState<long>? _auctionIds;
    private ListState<SellerColumns>? _sellers;

    /// <inheritdoc />
    public override void Open()
    {
        _auctionIds = RuntimeContext.GetListState(AuctionIds);
        _sellers = RuntimeContext.GetListState(Sellers);
    }

    /// <inheritdoc />
    public override void ProcessElement1(in Auction auction, KeyedContext<long> context, ICollector<Q3Row> output)
    {
        foreach (var seller in _sellers!.Get())
        {
            output.Collect(new Q3Row(seller.Name, seller.City, seller.State, auction.Id));
        }

        _auctionIds!.Add(auction.Id);
    }

    /// <inheritdoc />
    public override void ProcessElement2(in Person person, KeyedContext<long> context, ICollector<Q3Row> output)
    {
        foreach (long auctionId in _auctionIds!.Get())
        {
            output.Collect(new Q3Row(person.Name, person.City, person.State, auctionId));
        }

        _sellers!.Add(new SellerColumns(person.Name, person.City, person.State));
    }
}
