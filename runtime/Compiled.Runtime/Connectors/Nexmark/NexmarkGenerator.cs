namespace Compiled.Connectors.Nexmark;

/// <summary>
/// Deterministic Nexmark event generator. Event number <c>n</c> (0-based) is a pure function of the config
/// and <c>n</c>: its kind follows the person:auction:bid proportions (1:3:46 cycle by default), its time is
/// <c>BaseTime + floor(n * InterEventDelayMicros) / 1000</c>, and ids and references follow Nexmark's rules
/// (dense ids from 1000; sellers and bidders are recent or "hot" persons, bids go to recent or "hot" auctions,
/// random references may lead the newest id by <see cref="NexmarkGeneratorConfig.PersonIdLead"/> /
/// <see cref="NexmarkGeneratorConfig.AuctionIdLead"/>). Field values come from a SplitMix64 stream seeded with
/// (<see cref="NexmarkGeneratorConfig.Seed"/>, <c>n</c>). Instances are immutable and thread-safe.
/// </summary>
/// <remarks>
/// Parallel sources split the single timeline round-robin: split <c>i</c> of <c>P</c> generates event numbers
/// <c>i, i + P, i + 2P, …</c> below the event count (see <see cref="EventNumbersOfSplit(int, int, long)"/>).
/// Together the splits produce exactly the sequential stream; each split's times are non-decreasing.
/// </remarks>
public sealed class NexmarkGenerator
{
    /// <summary>Hot sellers are the first person of each block of this many persons.</summary>
    private const int HotSellerBlock = 100;

    /// <summary>Hot auctions are the first auction of each block of this many auctions.</summary>
    private const int HotAuctionBlock = 100;

    /// <summary>Hot bidders are the second person of each block of this many persons.</summary>
    private const int HotBidderBlock = 100;

    /// <summary>Number of auction categories.</summary>
    private const int CategoryCount = 5;

    private readonly NexmarkGeneratorConfig _config;
    private readonly int _total;
    private readonly int _persons;
    private readonly int _auctions;
    private readonly double _delayMicros;
    private readonly long _eventsPerInFlightAuctions;

    /// <summary>Creates a generator; throws <see cref="ArgumentException"/> for an invalid config.</summary>
    public NexmarkGenerator(NexmarkGeneratorConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        _config = config;
        _total = config.TotalProportion;
        _persons = config.PersonProportion;
        _auctions = config.AuctionProportion;
        _delayMicros = config.InterEventDelayMicros;
        _eventsPerInFlightAuctions = (long)config.NumInFlightAuctions * _total / _auctions;
        MaxEvents = config.MaxEvents;
    }

    /// <summary>The settings this generator was built with.</summary>
    public NexmarkGeneratorConfig Config => _config;

    /// <summary>Exclusive upper bound of valid event numbers (see <see cref="NexmarkGeneratorConfig.MaxEvents"/>).</summary>
    public long MaxEvents { get; }

    /// <summary>Kind of event number <paramref name="eventNumber"/>.</summary>
    public NexmarkEventType TypeOf(long eventNumber)
    {
        long offset = eventNumber % _total;
        return offset < _persons ? NexmarkEventType.Person
            : offset < _persons + _auctions ? NexmarkEventType.Auction
            : NexmarkEventType.Bid;
    }

    /// <summary>Event time (epoch milliseconds) of event number <paramref name="eventNumber"/>; non-decreasing in it.</summary>
    public long TimestampOf(long eventNumber) => _config.BaseTime + ((long)(eventNumber * _delayMicros) / 1000L);

    /// <summary>Generates event number <paramref name="eventNumber"/>.</summary>
    public NexmarkEvent Generate(long eventNumber) => TypeOf(eventNumber) switch
    {
        NexmarkEventType.Person => NexmarkEvent.OfPerson(GeneratePerson(eventNumber)),
        NexmarkEventType.Auction => NexmarkEvent.OfAuction(GenerateAuction(eventNumber)),
        _ => NexmarkEvent.OfBid(GenerateBid(eventNumber)),
    };

    /// <summary>Generates the person at <paramref name="eventNumber"/>; only valid when <see cref="TypeOf"/> is Person.</summary>
    public Person GeneratePerson(long eventNumber)
    {
        CheckKind(eventNumber, NexmarkEventType.Person);
        var random = new NexmarkRandom(_config.Seed, eventNumber);
        long id = LastPersonId(eventNumber) + NexmarkGeneratorConfig.FirstPersonId;
        string name = NexmarkStrings.NextPersonName(ref random);
        string email = NexmarkStrings.NextEmail(ref random);
        string creditCard = NexmarkStrings.NextCreditCard(ref random);
        string city = NexmarkStrings.Cities[random.NextInt(NexmarkStrings.Cities.Length)];
        string state = NexmarkStrings.States[random.NextInt(NexmarkStrings.States.Length)];
        int size = 8 + name.Length + email.Length + creditCard.Length + city.Length + state.Length;
        string extra = NexmarkPadding.Get(NexmarkStrings.NextExtraLength(ref random, size, _config.AvgPersonByteSize));
        return new Person(id, name, email, creditCard, city, state, TimestampOf(eventNumber), extra);
    }

    /// <summary>Generates the auction at <paramref name="eventNumber"/>; only valid when <see cref="TypeOf"/> is Auction.</summary>
    public Auction GenerateAuction(long eventNumber)
    {
        CheckKind(eventNumber, NexmarkEventType.Auction);
        var random = new NexmarkRandom(_config.Seed, eventNumber);
        long id = LastAuctionId(eventNumber) + NexmarkGeneratorConfig.FirstAuctionId;

        long seller = random.NextInt(_config.HotSellersRatio) > 0
            ? LastPersonId(eventNumber) / HotSellerBlock * HotSellerBlock
            : RandomPersonId(ref random, eventNumber);
        seller += NexmarkGeneratorConfig.FirstPersonId;

        long category = NexmarkGeneratorConfig.FirstCategoryId + random.NextInt(CategoryCount);
        long initialBid = NextPrice(ref random);
        long timestamp = TimestampOf(eventNumber);

        // Auctions last on average as long as it takes to generate NumInFlightAuctions more auctions.
        long horizonMs = TimestampOf(eventNumber + _eventsPerInFlightAuctions) - timestamp;
        long expires = timestamp + 1 + random.NextLong(Math.Max(horizonMs * 2, 1L));

        string itemName = NexmarkStrings.NextString(ref random, 20);
        string description = NexmarkStrings.NextString(ref random, 100);
        long reserve = initialBid + NextPrice(ref random);
        int size = 8 + itemName.Length + description.Length + 8 + 8 + 8 + 8 + 8;
        string extra = NexmarkPadding.Get(NexmarkStrings.NextExtraLength(ref random, size, _config.AvgAuctionByteSize));
        return new Auction(id, itemName, description, initialBid, reserve, timestamp, expires, seller, category, extra);
    }

    /// <summary>Generates the bid at <paramref name="eventNumber"/>; only valid when <see cref="TypeOf"/> is Bid.</summary>
    public Bid GenerateBid(long eventNumber)
    {
        CheckKind(eventNumber, NexmarkEventType.Bid);
        var random = new NexmarkRandom(_config.Seed, eventNumber);

        long auction = random.NextInt(_config.HotAuctionRatio) > 0
            ? LastAuctionId(eventNumber) / HotAuctionBlock * HotAuctionBlock
            : RandomAuctionId(ref random, eventNumber);
        auction += NexmarkGeneratorConfig.FirstAuctionId;

        // The second person of a block, so hot bidders and hot sellers differ.
        long bidder = random.NextInt(_config.HotBiddersRatio) > 0
            ? (LastPersonId(eventNumber) / HotBidderBlock * HotBidderBlock) + 1
            : RandomPersonId(ref random, eventNumber);
        bidder += NexmarkGeneratorConfig.FirstPersonId;

        long price = NextPrice(ref random);

        string channel;
        string url;
        if (random.NextInt(2) > 0)
        {
            int hot = random.NextInt(NexmarkChannels.HotChannels.Length);
            channel = NexmarkChannels.HotChannels[hot];
            url = NexmarkChannels.HotUrls[hot];
        }
        else
        {
            int numbered = random.NextInt(NexmarkChannels.ChannelCount);
            channel = NexmarkChannels.Channels[numbered];
            url = NexmarkChannels.Urls[numbered];
        }

        string extra = NexmarkPadding.Get(NexmarkStrings.NextExtraLength(ref random, 8 + 8 + 8 + 8, _config.AvgBidByteSize));
        return new Bid(auction, bidder, price, channel, url, TimestampOf(eventNumber), extra);
    }

    /// <summary>
    /// Event numbers of split <paramref name="split"/> out of <paramref name="splits"/>: <c>split, split + splits, …</c>
    /// while below <paramref name="eventCount"/> (0 = unbounded, i.e. up to <see cref="long.MaxValue"/>).
    /// The union over all splits is <c>0 .. eventCount - 1</c>, each number exactly once.
    /// </summary>
    public static IEnumerable<long> EventNumbersOfSplit(int split, int splits, long eventCount)
    {
        CheckSplit(split, splits, eventCount);
        long end = eventCount == 0 ? long.MaxValue : eventCount;
        return Iterate(split, splits, end);

        static IEnumerable<long> Iterate(long first, long step, long end)
        {
            for (long n = first; n < end; n += step)
            {
                yield return n;
                if (n > end - step)
                {
                    yield break;
                }
            }
        }
    }

    /// <summary>
    /// How many event numbers split <paramref name="split"/> of <paramref name="splits"/> gets below
    /// <paramref name="eventCount"/> (0 = unbounded, i.e. below <see cref="long.MaxValue"/>).
    /// </summary>
    public static long EventCountOfSplit(int split, int splits, long eventCount)
    {
        CheckSplit(split, splits, eventCount);
        long end = eventCount == 0 ? long.MaxValue : eventCount;
        return end <= split ? 0 : ((end - split - 1) / splits) + 1;
    }

    /// <summary>The <paramref name="index"/>-th (0-based) event number of split <paramref name="split"/> of <paramref name="splits"/>.</summary>
    public static long EventNumberOfSplit(int split, int splits, long index) => split + (index * splits);

    /// <summary>Nexmark's price: 10^(6u) dollars-cents, i.e. 100 .. 100 000 000, log-uniform.</summary>
    private static long NextPrice(ref NexmarkRandom random) =>
        (long)Math.Floor((Math.Pow(10.0, random.NextDouble() * 6.0) * 100.0) + 0.5);

    /// <summary>Base-0 id of the newest person at or before <paramref name="eventNumber"/>.</summary>
    private long LastPersonId(long eventNumber)
    {
        long cycle = eventNumber / _total;
        long offset = eventNumber % _total;
        if (offset >= _persons)
        {
            offset = _persons - 1;
        }

        return (cycle * _persons) + offset;
    }

    /// <summary>Base-0 id of the newest auction at or before <paramref name="eventNumber"/> (-1 before the first).</summary>
    private long LastAuctionId(long eventNumber)
    {
        long cycle = eventNumber / _total;
        long offset = eventNumber % _total;
        if (offset < _persons)
        {
            cycle--;
            offset = _auctions - 1;
        }
        else if (offset >= _persons + _auctions)
        {
            offset = _auctions - 1;
        }
        else
        {
            offset -= _persons;
        }

        return (cycle * _auctions) + offset;
    }

    /// <summary>A random base-0 person among the active ones, possibly up to PersonIdLead ahead of the newest.</summary>
    private long RandomPersonId(ref NexmarkRandom random, long eventNumber)
    {
        long people = LastPersonId(eventNumber) + 1;
        long active = Math.Min(people, _config.NumActivePeople);
        return people - active + random.NextLong(active + _config.PersonIdLead);
    }

    /// <summary>A random base-0 auction among those likely in flight, possibly up to AuctionIdLead ahead of the newest.</summary>
    private long RandomAuctionId(ref NexmarkRandom random, long eventNumber)
    {
        long newest = LastAuctionId(eventNumber);
        long oldest = Math.Max(newest - _config.NumInFlightAuctions, 0);
        return oldest + random.NextLong(newest - oldest + 1 + _config.AuctionIdLead);
    }

    private void CheckKind(long eventNumber, NexmarkEventType expected)
    {
        if ((ulong)eventNumber >= (ulong)MaxEvents)
        {
            throw new ArgumentOutOfRangeException(nameof(eventNumber), eventNumber, $"Event numbers must be in [0, {MaxEvents}).");
        }

        if (TypeOf(eventNumber) != expected)
        {
            throw new ArgumentException($"Event {eventNumber} is a {TypeOf(eventNumber)}, not a {expected}.", nameof(eventNumber));
        }
    }

    private static void CheckSplit(int split, int splits, long eventCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(splits, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(split);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(split, splits);
        ArgumentOutOfRangeException.ThrowIfNegative(eventCount);
    }
}
