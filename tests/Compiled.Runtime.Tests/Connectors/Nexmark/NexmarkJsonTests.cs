using System.Buffers;
using System.Text;
using System.Text.Json;
using Compiled.Connectors.Nexmark;

namespace Compiled.Tests.Connectors.Nexmark;

public class NexmarkJsonTests
{
    private const long T = 1_767_225_600_000L; // 2026-01-01 00:00:00.000

    private static readonly Person SamplePerson =
        new(1001, "Zoë \"Q\" Müller", "zoë@例え.com", "1234 5678 9012 3456", "Bend", "OR", T + 1, "extra\nline\\tab\t😀");

    private static readonly Auction SampleAuction =
        new(1002, "chair", "a <nice> & old chair", 500, 900, T + 2, T + 300, 1001, 10, "");

    private static readonly Bid SampleBid =
        new(1002, 1001, 750, "Google", "https://www.nexmark.com/abc/de_f/ghi/item.htm?query=1&channel_id=7", T + 3, "xyz");

    [Fact]
    public void WritesNexmarksKafkaShape()
    {
        Assert.Equal(
            "{\"event_type\":2,\"person\":null,\"auction\":null,\"bid\":{\"auction\":1002,\"bidder\":1001,\"price\":750,"
            + "\"channel\":\"Google\",\"url\":\"https://www.nexmark.com/abc/de_f/ghi/item.htm?query=1&channel_id=7\","
            + "\"dateTime\":\"2026-01-01 00:00:00.003\",\"extra\":\"xyz\"}}",
            NexmarkJson.ToJson(NexmarkEvent.OfBid(SampleBid)));

        Assert.Equal(
            "{\"event_type\":1,\"person\":null,\"auction\":{\"id\":1002,\"itemName\":\"chair\",\"description\":\"a <nice> & old chair\","
            + "\"initialBid\":500,\"reserve\":900,\"dateTime\":\"2026-01-01 00:00:00.002\",\"expires\":\"2026-01-01 00:00:00.300\","
            + "\"seller\":1001,\"category\":10,\"extra\":\"\"},\"bid\":null}",
            NexmarkJson.ToJson(NexmarkEvent.OfAuction(SampleAuction)));
    }

    [Fact]
    public void KeepsNonAsciiTextReadable()
    {
        string json = NexmarkJson.ToJson(NexmarkEvent.OfPerson(SamplePerson));
        Assert.StartsWith("{\"event_type\":0,\"person\":{\"id\":1001,\"name\":\"Zoë \\\"Q\\\" Müller\",\"emailAddress\":\"zoë@例え.com\"", json);
        Assert.EndsWith("\"auction\":null,\"bid\":null}", json);
        Assert.DoesNotContain('\n', json);
    }

    [Fact]
    public void RoundTripsAllThreeKinds()
    {
        foreach (NexmarkEvent e in new[] { NexmarkEvent.OfPerson(SamplePerson), NexmarkEvent.OfAuction(SampleAuction), NexmarkEvent.OfBid(SampleBid) })
        {
            string json = NexmarkJson.ToJson(e);
            Assert.Equal(e, NexmarkJson.Parse(json));
            Assert.True(NexmarkJson.TryParse(Encoding.UTF8.GetBytes(json), out NexmarkEvent parsed, out string? error), error);
            Assert.Equal(e, parsed);
        }
    }

    [Fact]
    public void RoundTripsGeneratedEventsThroughAWriter()
    {
        var generator = new NexmarkGenerator(new NexmarkGeneratorConfig { EventCount = 2000 });
        var buffer = new ArrayBufferWriter<byte>();
        for (long n = 0; n < 2000; n++)
        {
            buffer.ResetWrittenCount();
            NexmarkEvent e = generator.Generate(n);
            using (var writer = new Utf8JsonWriter(buffer, NexmarkJson.WriterOptions))
            {
                NexmarkJson.Write(writer, e);
            }

            Assert.Equal(e, NexmarkJson.Parse(buffer.WrittenSpan));
        }
    }

    [Fact]
    public void AcceptsEpochMillisPropertyOrderUnknownPropertiesAndMissingNulls()
    {
        string line = "{\"bid\":{\"extra\":\"xyz\",\"dateTime\":1767225600003,\"url\":\"https://www.nexmark.com/abc/de_f/ghi/item.htm?query=1&channel_id=7\","
            + "\"channel\":\"Google\",\"price\":750,\"bidder\":1001,\"auction\":1002,\"note\":{\"deep\":[1,2,{\"x\":null}]}},"
            + "\"source\":\"kafka\",\"event_type\":2,\"ts\":[1,2,3]}";
        Assert.Equal(NexmarkEvent.OfBid(SampleBid), NexmarkJson.Parse(line));
    }

    [Fact]
    public void AcceptsTimestampsWithoutMillisAndEscapedText()
    {
        string line = "{\"event_type\":1,\"auction\":{\"id\":1002,\"itemName\":\"ch\\u0061ir\",\"description\":\"a <nice> & old chair\","
            + "\"initialBid\":500,\"reserve\":900,\"dateTime\":\"2026-01-01 00:00:00.002\",\"expires\":\"2026\\u002d01-01 00:00:00.3\","
            + "\"seller\":1001,\"category\":10,\"extra\":\"\"}}";
        Assert.Equal(NexmarkEvent.OfAuction(SampleAuction), NexmarkJson.Parse(line));
    }

    private const string GoodBid =
        "\"bid\":{\"auction\":1,\"bidder\":2,\"price\":3,\"channel\":\"c\",\"url\":\"u\",\"dateTime\":\"2026-01-01 00:00:00.000\",\"extra\":\"\"}";

    public static TheoryData<string, string> MalformedLines => new()
    {
        { "", "empty input" },
        { "   ", "empty input" },
        { "not json", "invalid JSON" },
        { "[1,2]", "expected a JSON object, found StartArray" },
        { "42", "expected a JSON object, found Number" },
        { "{\"event_type\":2,\"bid\":{\"auction\":1", "invalid JSON" },
        { "{\"event_type\":2," + GoodBid + "} trailing", "invalid JSON" },
        { "{" + GoodBid + "}", "missing event_type" },
        { "{\"event_type\":7," + GoodBid + "}", "unknown event_type 7" },
        { "{\"event_type\":\"2\"," + GoodBid + "}", "event_type must be an integer, found string \"2\"" },
        { "{\"event_type\":2.5," + GoodBid + "}", "event_type must be an integer, found number 2.5" },
        { "{\"event_type\":0," + GoodBid + "}", "event_type says person but \"person\" is missing or null" },
        { "{\"event_type\":2,\"bid\":null}", "event_type says bid but \"bid\" is missing or null" },
        { "{\"event_type\":2,\"auction\":{\"id\":1,\"itemName\":\"\",\"description\":\"\",\"initialBid\":1,\"reserve\":1,\"dateTime\":0,\"expires\":0,\"seller\":1,\"category\":10,\"extra\":\"\"}," + GoodBid + "}", "another of person/auction/bid is not null" },
        { "{\"event_type\":0,\"person\":5}", "\"person\" must be an object or null, found number 5" },
        { "{\"event_type\":2,\"bid\":{\"auction\":1,\"bidder\":2,\"channel\":\"c\",\"url\":\"u\",\"dateTime\":0}}", "bid is missing field(s): price, extra" },
        { "{\"event_type\":2,\"bid\":{\"auction\":1,\"bidder\":2,\"price\":\"3\",\"channel\":\"c\",\"url\":\"u\",\"dateTime\":0,\"extra\":\"\"}}", "bid.price must be a 64-bit integer, found string \"3\"" },
        { "{\"event_type\":2,\"bid\":{\"auction\":1,\"bidder\":2,\"price\":3.5,\"channel\":\"c\",\"url\":\"u\",\"dateTime\":0,\"extra\":\"\"}}", "bid.price must be a 64-bit integer, found number 3.5" },
        { "{\"event_type\":2,\"bid\":{\"auction\":99999999999999999999,\"bidder\":2,\"price\":3,\"channel\":\"c\",\"url\":\"u\",\"dateTime\":0,\"extra\":\"\"}}", "bid.auction must be a 64-bit integer" },
        { "{\"event_type\":2,\"bid\":{\"auction\":1,\"bidder\":2,\"price\":3,\"channel\":null,\"url\":\"u\",\"dateTime\":0,\"extra\":\"\"}}", "bid.channel must be a string, found null" },
        { "{\"event_type\":2,\"bid\":{\"auction\":1,\"bidder\":2,\"price\":3,\"channel\":\"c\",\"url\":\"u\",\"dateTime\":\"yesterday\",\"extra\":\"\"}}", "bid.dateTime is not a timestamp: \"yesterday\"" },
        { "{\"event_type\":2,\"bid\":{\"auction\":1,\"bidder\":2,\"price\":3,\"channel\":\"c\",\"url\":\"u\",\"dateTime\":\"2026-02-30 00:00:00.000\",\"extra\":\"\"}}", "no such date" },
        { "{\"event_type\":2,\"bid\":{\"auction\":1,\"bidder\":2,\"price\":3,\"channel\":\"c\",\"url\":\"u\",\"dateTime\":true,\"extra\":\"\"}}", "bid.dateTime is not a timestamp" },
        { "{\"event_type\":0,\"person\":{\"id\":1,\"name\":\"n\",\"emailAddress\":\"e\",\"creditCard\":\"c\",\"city\":\"c\",\"state\":[],\"dateTime\":0,\"extra\":\"\"}}", "person.state must be a string, found an array" },
        { "{\"event_type\":1,\"auction\":{}}", "auction is missing field(s): id, itemName, description, initialBid, reserve, dateTime, expires, seller, category, extra" },
        { "{\"event_type\":2,\"bid\":{\"auction\":1,\"bidder\":2,\"price\":3,\"channel\":\"\\uD800\",\"url\":\"u\",\"dateTime\":0,\"extra\":\"\"}}", "invalid JSON string" },
    };

    [Theory]
    [MemberData(nameof(MalformedLines))]
    public void MalformedLinesGiveReasonsNotExceptions(string line, string reason)
    {
        bool ok = NexmarkJson.TryParse(Encoding.UTF8.GetBytes(line), out NexmarkEvent e, out string? error);
        Assert.False(ok);
        Assert.Equal(default, e);
        Assert.NotNull(error);
        Assert.Contains(reason, error, StringComparison.Ordinal);

        var ex = Assert.Throws<FormatException>(() => NexmarkJson.Parse(line));
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidUtf8IsAnErrorNotAnException()
    {
        byte[] line = Encoding.UTF8.GetBytes("{\"event_type\":2,\"bid\":{\"auction\":1,\"bidder\":2,\"price\":3,\"channel\":\"XX\",\"url\":\"u\",\"dateTime\":0,\"extra\":\"\"}}");
        int at = Array.IndexOf(line, (byte)'X');
        line[at] = 0xC3;
        line[at + 1] = 0x28;
        Assert.False(NexmarkJson.TryParse(line, out _, out string? error));
        Assert.Contains("invalid JSON", error, StringComparison.Ordinal);
    }
}
