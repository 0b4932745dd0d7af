namespace Compiled.Connectors.Nexmark;

/// <summary>
/// Immutable settings of a <see cref="NexmarkGenerator"/>. Defaults are those of the Nexmark benchmark
/// (<c>NexmarkConfiguration</c>), except that the base time is a fixed instant so runs are reproducible.
/// </summary>
public sealed record NexmarkGeneratorConfig
{
    /// <summary>Default <see cref="BaseTime"/>: 2026-01-01T00:00:00Z in epoch milliseconds.</summary>
    public const long DefaultBaseTime = 1_767_225_600_000L;

    /// <summary>Id of the first person; person ids are dense from here.</summary>
    public const long FirstPersonId = 1000L;

    /// <summary>Id of the first auction; auction ids are dense from here.</summary>
    public const long FirstAuctionId = 1000L;

    /// <summary>Smallest category id; categories are <c>FirstCategoryId .. FirstCategoryId + 4</c>.</summary>
    public const long FirstCategoryId = 10L;

    /// <summary>Event rate in events per second of event time (Nexmark default 10 000, i.e. one event per 100 µs).</summary>
    public int FirstEventRate { get; init; } = 10_000;

    /// <summary>Number of events to generate; 0 means unbounded (capped at <see cref="MaxEvents"/>).</summary>
    public long EventCount { get; init; }

    /// <summary>Event time of event number 0, epoch milliseconds (UTC).</summary>
    public long BaseTime { get; init; } = DefaultBaseTime;

    /// <summary>Seed mixed into every event's random stream; different seeds give different field values, same ids and times.</summary>
    public long Seed { get; init; }

    /// <summary>Persons per <see cref="TotalProportion"/> events (Nexmark default 1).</summary>
    public int PersonProportion { get; init; } = 1;

    /// <summary>Auctions per <see cref="TotalProportion"/> events (Nexmark default 3).</summary>
    public int AuctionProportion { get; init; } = 3;

    /// <summary>Bids per <see cref="TotalProportion"/> events (Nexmark default 46).</summary>
    public int BidProportion { get; init; } = 46;

    /// <summary>Maximum number of recent persons considered active sellers/bidders (Nexmark default 1000).</summary>
    public int NumActivePeople { get; init; } = 1000;

    /// <summary>Average number of auctions in flight; bounds which auctions random bids pick (Nexmark default 100).</summary>
    public int NumInFlightAuctions { get; init; } = 100;

    /// <summary>A bid goes to a hot auction with probability 1 - 1/ratio (Nexmark default 2).</summary>
    public int HotAuctionRatio { get; init; } = 2;

    /// <summary>An auction is by a hot seller with probability 1 - 1/ratio (Nexmark default 4).</summary>
    public int HotSellersRatio { get; init; } = 4;

    /// <summary>A bid is by a hot bidder with probability 1 - 1/ratio (Nexmark default 4).</summary>
    public int HotBiddersRatio { get; init; } = 4;

    /// <summary>Average idealized size of a person in bytes; <see cref="Person.Extra"/> pads up to it (Nexmark default 200).</summary>
    public int AvgPersonByteSize { get; init; } = 200;

    /// <summary>Average idealized size of an auction in bytes; <see cref="Auction.Extra"/> pads up to it (Nexmark default 500).</summary>
    public int AvgAuctionByteSize { get; init; } = 500;

    /// <summary>Average idealized size of a bid in bytes; <see cref="Bid.Extra"/> pads up to it (Nexmark default 100).</summary>
    public int AvgBidByteSize { get; init; } = 100;

    /// <summary>
    /// How many not-yet-generated person ids a random seller/bidder may reference (Nexmark's PERSON_ID_LEAD, 10).
    /// Set to 0 to make every random reference point at an already generated person.
    /// </summary>
    public int PersonIdLead { get; init; } = 10;

    /// <summary>
    /// How many not-yet-generated auction ids a random bid may reference (Nexmark's AUCTION_ID_LEAD, 10).
    /// Set to 0 to make every bid reference an already generated auction.
    /// </summary>
    public int AuctionIdLead { get; init; } = 10;

    /// <summary>Sum of the three proportions: the length of one person/auction/bid cycle (50 by default).</summary>
    public int TotalProportion => PersonProportion + AuctionProportion + BidProportion;

    /// <summary>Event-time distance between consecutive event numbers, in microseconds.</summary>
    public double InterEventDelayMicros => 1_000_000.0 / FirstEventRate;

    /// <summary>
    /// Exclusive upper bound of valid event numbers: <see cref="EventCount"/>, or when that is 0 the bound
    /// Nexmark uses for "unbounded" (large, but safe from overflow in size estimates).
    /// </summary>
    public long MaxEvents => EventCount != 0
        ? EventCount
        : long.MaxValue / ((long)TotalProportion * Math.Max(Math.Max(AvgPersonByteSize, AvgAuctionByteSize), AvgBidByteSize));

    /// <summary>Throws <see cref="ArgumentException"/> when a setting is out of range.</summary>
    public void Validate()
    {
        Require(FirstEventRate > 0, nameof(FirstEventRate), "must be positive");
        Require(EventCount >= 0, nameof(EventCount), "must be >= 0 (0 = unbounded)");
        Require(PersonProportion >= 1, nameof(PersonProportion), "must be >= 1");
        Require(AuctionProportion >= 1, nameof(AuctionProportion), "must be >= 1");
        Require(BidProportion >= 0, nameof(BidProportion), "must be >= 0");
        Require(NumActivePeople >= 1, nameof(NumActivePeople), "must be >= 1");
        Require(NumInFlightAuctions >= 1, nameof(NumInFlightAuctions), "must be >= 1");
        Require(HotAuctionRatio >= 1, nameof(HotAuctionRatio), "must be >= 1");
        Require(HotSellersRatio >= 1, nameof(HotSellersRatio), "must be >= 1");
        Require(HotBiddersRatio >= 1, nameof(HotBiddersRatio), "must be >= 1");
        Require(AvgPersonByteSize >= 0, nameof(AvgPersonByteSize), "must be >= 0");
        Require(AvgAuctionByteSize >= 0, nameof(AvgAuctionByteSize), "must be >= 0");
        Require(AvgBidByteSize >= 0, nameof(AvgBidByteSize), "must be >= 0");
        Require(PersonIdLead >= 0, nameof(PersonIdLead), "must be >= 0");
        Require(AuctionIdLead >= 0, nameof(AuctionIdLead), "must be >= 0");
    }

    private static void Require(bool condition, string name, string rule)
    {
        if (!condition)
        {
            throw new ArgumentException($"Nexmark generator setting {name} {rule}.", name);
        }
    }
}
