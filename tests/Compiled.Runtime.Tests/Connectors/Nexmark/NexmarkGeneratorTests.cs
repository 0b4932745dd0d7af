using Compiled.Connectors.Nexmark;

namespace Compiled.Tests.Connectors.Nexmark;

public class NexmarkGeneratorTests
{
    private static readonly NexmarkGenerator Default = new(new NexmarkGeneratorConfig { EventCount = 20_000 });

    private static List<NexmarkEvent> Sequence(NexmarkGenerator generator, long count)
    {
        var events = new List<NexmarkEvent>((int)count);
        for (long n = 0; n < count; n++)
        {
            events.Add(generator.Generate(n));
        }

        return events;
    }

    [Fact]
    public void SameEventNumberGivesSameEvent()
    {
        var other = new NexmarkGenerator(new NexmarkGeneratorConfig { EventCount = 20_000 });
        foreach (long n in new long[] { 0, 1, 2, 3, 4, 49, 50, 51, 999, 12_345, 19_999 })
        {
            Assert.Equal(Default.Generate(n), Default.Generate(n));
            Assert.Equal(Default.Generate(n), other.Generate(n));
        }
    }

    [Fact]
    public void OrderOfGenerationDoesNotMatter()
    {
        var forward = Sequence(Default, 500);
        var backward = new NexmarkEvent[500];
        for (long n = 499; n >= 0; n--)
        {
            backward[n] = Default.Generate(n);
        }

        Assert.Equal(forward, backward);
    }

    [Fact]
    public void SeedChangesValuesButNotIdsTimesOrKinds()
    {
        var seeded = new NexmarkGenerator(new NexmarkGeneratorConfig { EventCount = 20_000, Seed = 42 });
        int differentPrices = 0;
        for (long n = 0; n < 1000; n++)
        {
            NexmarkEvent a = Default.Generate(n);
            NexmarkEvent b = seeded.Generate(n);
            Assert.Equal(a.Type, b.Type);
            Assert.Equal(a.DateTime, b.DateTime);
            if (a.Type == NexmarkEventType.Person)
            {
                Assert.Equal(a.Person.Id, b.Person.Id);
            }
            else if (a.Type == NexmarkEventType.Auction)
            {
                Assert.Equal(a.Auction.Id, b.Auction.Id);
            }
            else if (a.Bid.Price != b.Bid.Price)
            {
                differentPrices++;
            }
        }

        Assert.True(differentPrices > 800, $"only {differentPrices} bids differ in price");
    }

    [Fact]
    public void EveryFiftyEventsHoldOnePersonThreeAuctionsAndFortySixBids()
    {
        for (long block = 0; block < 200; block++)
        {
            var kinds = new List<NexmarkEventType>();
            for (long n = block * 50; n < (block + 1) * 50; n++)
            {
                kinds.Add(Default.TypeOf(n));
                Assert.Equal(Default.TypeOf(n), Default.Generate(n).Type);
            }

            Assert.Equal(NexmarkEventType.Person, kinds[0]);
            Assert.All(kinds.GetRange(1, 3), k => Assert.Equal(NexmarkEventType.Auction, k));
            Assert.All(kinds.GetRange(4, 46), k => Assert.Equal(NexmarkEventType.Bid, k));
        }
    }

    [Theory]
    [InlineData(1, 1003)]
    [InlineData(3, 1003)]
    [InlineData(4, 1000)]
    [InlineData(7, 20)]
    [InlineData(16, 5)]
    public void ParallelSplitsTogetherEqualTheSequentialStream(int splits, long eventCount)
    {
        var generator = new NexmarkGenerator(new NexmarkGeneratorConfig { EventCount = eventCount });
        var merged = new SortedDictionary<long, NexmarkEvent>();
        for (int split = 0; split < splits; split++)
        {
            var numbers = NexmarkGenerator.EventNumbersOfSplit(split, splits, eventCount).ToList();
            Assert.Equal(NexmarkGenerator.EventCountOfSplit(split, splits, eventCount), numbers.Count);
            for (int i = 0; i < numbers.Count; i++)
            {
                Assert.Equal(NexmarkGenerator.EventNumberOfSplit(split, splits, i), numbers[i]);
                merged.Add(numbers[i], generator.Generate(numbers[i]));
            }
        }

        Assert.Equal(Sequence(generator, eventCount), merged.Values);
    }

    [Fact]
    public void UnboundedSplitsKeepGoing()
    {
        Assert.Equal([2L, 5L, 8L], NexmarkGenerator.EventNumbersOfSplit(2, 3, 0).Take(3));
        Assert.Equal((long.MaxValue / 3) + 1, NexmarkGenerator.EventCountOfSplit(0, 3, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => NexmarkGenerator.EventNumbersOfSplit(3, 3, 10));
    }

    [Fact]
    public void TimestampsStartAtBaseTimeAndAreMonotone()
    {
        Assert.Equal(NexmarkGeneratorConfig.DefaultBaseTime, Default.TimestampOf(0));
        Assert.Equal(NexmarkGeneratorConfig.DefaultBaseTime + 1, Default.TimestampOf(10)); // 10 000 events/s
        Assert.Equal(NexmarkGeneratorConfig.DefaultBaseTime + 1000, Default.TimestampOf(10_000));
        long previous = long.MinValue;
        for (long n = 0; n < 20_000; n++)
        {
            long t = Default.TimestampOf(n);
            Assert.True(t >= previous);
            Assert.Equal(t, Default.Generate(n).DateTime);
            previous = t;
        }
    }

    [Fact]
    public void RateAndBaseTimeAreConfigurable()
    {
        var slow = new NexmarkGenerator(new NexmarkGeneratorConfig { FirstEventRate = 1000, BaseTime = 0 });
        Assert.Equal(0, slow.TimestampOf(0));
        Assert.Equal(7, slow.TimestampOf(7));
        Assert.Equal(7, slow.Generate(7).DateTime);
    }

    [Fact]
    public void IdsAreDenseFromOneThousand()
    {
        var events = Sequence(Default, 5000);
        Assert.Equal(
            Enumerable.Range(1000, 100).Select(i => (long)i),
            events.Where(e => e.Type == NexmarkEventType.Person).Select(e => e.Person.Id));
        Assert.Equal(
            Enumerable.Range(1000, 300).Select(i => (long)i),
            events.Where(e => e.Type == NexmarkEventType.Auction).Select(e => e.Auction.Id));
    }

    [Fact]
    public void SellersAreAlreadyGeneratedPersonsWhenThereIsNoLead()
    {
        var generator = new NexmarkGenerator(new NexmarkGeneratorConfig { PersonIdLead = 0 });
        var persons = new HashSet<long>();
        for (long n = 0; n < 20_000; n++)
        {
            NexmarkEvent e = generator.Generate(n);
            if (e.Type == NexmarkEventType.Person)
            {
                persons.Add(e.Person.Id);
            }
            else if (e.Type == NexmarkEventType.Auction)
            {
                Assert.Contains(e.Auction.Seller, persons);
            }
        }
    }

    [Fact]
    public void SellersAndBiddersLeadTheNewestPersonByAtMostTheLead()
    {
        long newestPerson = -1;
        int hotSellers = 0, auctions = 0;
        for (long n = 0; n < 20_000; n++)
        {
            NexmarkEvent e = Default.Generate(n);
            switch (e.Type)
            {
                case NexmarkEventType.Person:
                    newestPerson = e.Person.Id;
                    break;
                case NexmarkEventType.Auction:
                    auctions++;
                    Assert.InRange(e.Auction.Seller, Math.Max(1000, newestPerson - 1000), newestPerson + 10);
                    if (e.Auction.Seller % 100 == 0)
                    {
                        hotSellers++;
                    }

                    break;
                default:
                    Assert.InRange(e.Bid.Bidder, Math.Max(1000, newestPerson - 1000), newestPerson + 10);
                    break;
            }
        }

        // Three in four auctions go to the hot seller of the current block of 100 persons.
        Assert.InRange(hotSellers, auctions * 0.70, auctions * 0.80);
    }

    [Fact]
    public void BidsReferenceExistingAuctionsWhenThereIsNoLead()
    {
        var generator = new NexmarkGenerator(new NexmarkGeneratorConfig { AuctionIdLead = 0 });
        var auctions = new HashSet<long>();
        for (long n = 0; n < 20_000; n++)
        {
            NexmarkEvent e = generator.Generate(n);
            if (e.Type == NexmarkEventType.Auction)
            {
                auctions.Add(e.Auction.Id);
            }
            else if (e.Type == NexmarkEventType.Bid)
            {
                Assert.Contains(e.Bid.Auction, auctions);
            }
        }
    }

    [Fact]
    public void BidsGoToRecentAuctions()
    {
        long newestAuction = -1;
        for (long n = 0; n < 20_000; n++)
        {
            NexmarkEvent e = Default.Generate(n);
            if (e.Type == NexmarkEventType.Auction)
            {
                newestAuction = e.Auction.Id;
            }
            else if (e.Type == NexmarkEventType.Bid)
            {
                Assert.InRange(e.Bid.Auction, Math.Max(1000, newestAuction - 100), newestAuction + 10);
            }
        }
    }

    [Fact]
    public void FieldsHaveNexmarkShapes()
    {
        var hot = new HashSet<string> { "Google", "Facebook", "Baidu", "Apple" };
        var urlOfChannel = new Dictionary<string, string>();
        foreach (NexmarkEvent e in Sequence(Default, 20_000))
        {
            switch (e.Type)
            {
                case NexmarkEventType.Person:
                    Person p = e.Person;
                    Assert.Contains(' ', p.Name);
                    Assert.EndsWith(".com", p.EmailAddress);
                    Assert.Matches("^[0-9]{4} [0-9]{4} [0-9]{4} [0-9]{4}$", p.CreditCard);
                    Assert.Contains(p.State, new[] { "AZ", "CA", "ID", "OR", "WA", "WY" });
                    Assert.False(string.IsNullOrEmpty(p.City));
                    Assert.InRange(p.Extra.Length, 0, 200);
                    break;
                case NexmarkEventType.Auction:
                    Auction a = e.Auction;
                    Assert.InRange(a.Category, 10, 14);
                    Assert.InRange(a.InitialBid, 100, 100_000_000);
                    Assert.True(a.Reserve >= a.InitialBid);
                    Assert.True(a.Expires > a.DateTime);
                    Assert.True(a.Expires - a.DateTime <= 2 * 167 + 1, $"auction lasts {a.Expires - a.DateTime} ms");
                    Assert.InRange(a.ItemName.Length, 0, 19);
                    Assert.InRange(a.Description.Length, 0, 99);
                    Assert.True(a.Extra.Length > 0);
                    break;
                default:
                    Bid b = e.Bid;
                    Assert.InRange(b.Price, 100, 100_000_000);
                    Assert.StartsWith("https://www.nexmark.com/", b.Url);
                    Assert.Contains("item.htm?query=1", b.Url);
                    Assert.True(hot.Contains(b.Channel) || b.Channel.StartsWith("channel-", StringComparison.Ordinal), b.Channel);
                    Assert.InRange(b.Extra.Length, 54, 81); // 100 - 32 bytes of longs, +-20 %
                    if (urlOfChannel.TryGetValue(b.Channel, out string? url))
                    {
                        Assert.Same(url, b.Url);
                    }
                    else
                    {
                        urlOfChannel[b.Channel] = b.Url;
                    }

                    break;
            }
        }

        Assert.Superset(hot, urlOfChannel.Keys.ToHashSet());
        Assert.True(urlOfChannel.Count > 1000);
    }

    [Fact]
    public void CategoriesAndStatesAllOccur()
    {
        var events = Sequence(Default, 20_000);
        Assert.Equal(
            [10L, 11L, 12L, 13L, 14L],
            events.Where(e => e.Type == NexmarkEventType.Auction).Select(e => e.Auction.Category).Distinct().Order());
        Assert.Equal(6, events.Where(e => e.Type == NexmarkEventType.Person).Select(e => e.Person.State).Distinct().Count());
    }

    [Fact]
    public void GeneratingABidAllocatesNothing()
    {
        var generator = new NexmarkGenerator(new NexmarkGeneratorConfig());
        for (long n = 4; n < 50; n++)
        {
            generator.GenerateBid(n); // warm up the shared tables
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        long sum = 0;
        for (long n = 0; n < 10_000; n++)
        {
            long eventNumber = (n * 50) + 4 + (n % 46);
            sum += generator.GenerateBid(eventNumber).Price;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(sum > 0);
        Assert.True(allocated < 64 * 1024, $"10 000 bids allocated {allocated} bytes");
    }

    [Fact]
    public void WrongKindOrRangeIsRejected()
    {
        Assert.Throws<ArgumentException>(() => Default.GenerateBid(0));
        Assert.Throws<ArgumentException>(() => Default.GeneratePerson(1));
        Assert.Throws<ArgumentException>(() => Default.GenerateAuction(4));
        Assert.Throws<ArgumentOutOfRangeException>(() => Default.Generate(20_000));
        Assert.Throws<ArgumentOutOfRangeException>(() => Default.Generate(-1));
        Assert.Throws<ArgumentException>(() => new NexmarkGenerator(new NexmarkGeneratorConfig { FirstEventRate = 0 }));
    }

    [Fact]
    public void DefaultsAreNexmarks()
    {
        var config = new NexmarkGeneratorConfig();
        Assert.Equal(10_000, config.FirstEventRate);
        Assert.Equal(50, config.TotalProportion);
        Assert.Equal(1000, config.NumActivePeople);
        Assert.Equal(100, config.NumInFlightAuctions);
        Assert.Equal((2, 4, 4), (config.HotAuctionRatio, config.HotSellersRatio, config.HotBiddersRatio));
        Assert.Equal((200, 500, 100), (config.AvgPersonByteSize, config.AvgAuctionByteSize, config.AvgBidByteSize));
        Assert.Equal(0, config.EventCount);
        Assert.Equal(long.MaxValue / (50 * 500), config.MaxEvents);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), config.BaseTime);
    }
}
