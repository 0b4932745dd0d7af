using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Nexmark.Tests.Reference;

// Inside the namespace so these types win over any same-named types in the samples' Nexmark namespace.
using Compiled.Connectors.Nexmark;

public class CanonicalRowsTests
{
    [Fact]
    public void KeepsPropertyOrderRawNumbersAndUnescapedStrings()
    {
        var rows = CanonicalRows.FromJsonLines(
        [
            "{\"auction\":12,\"price\":908.000,\"name\":\"Z\\u00f6e \\\"q\\\"\",\"ok\":true,\"none\":null}",
            "",
            "{\"b\":-1,\"a\":1e3}",
        ]);
        Assert.Equal(["auction=12|price=908.000|name=Zöe \"q\"|ok=true|none=null", "b=-1|a=1e3"], rows);
    }

    [Fact]
    public void RejectsNonObjects()
    {
        Assert.Throws<FormatException>(() => CanonicalRows.FromJsonLines(["[1]"]));
        Assert.ThrowsAny<JsonException>(() => CanonicalRows.FromJsonLines(["{oops"]));
    }

    [Fact]
    public void MatchesReferenceRowsForEngineStyleJson()
    {
        var bids = new[]
        {
            NexmarkEvent.OfBid(new Bid(1000, 1001, 1234, "Apple", "https://u", 1_767_225_600_042L, "é")),
            NexmarkEvent.OfBid(new Bid(1001, 1002, 7, "Baidu", "https://v", 1_767_225_601_000L, "")),
        };
        var lines = new List<string>();
        foreach (NexmarkEvent e in bids)
        {
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteNumber("auction", e.Bid.Auction);
                writer.WriteNumber("bidder", e.Bid.Bidder);
                writer.WriteNumber("price", 0.908m * e.Bid.Price);
                writer.WriteString("dateTime", NexmarkTimestamp.Format(e.Bid.DateTime));
                writer.WriteString("extra", e.Bid.Extra);
                writer.WriteEndObject();
            }

            lines.Add(Encoding.UTF8.GetString(buffer.WrittenSpan));
        }

        Assert.Equal(NexmarkReference.Run("q1", bids), CanonicalRows.FromJsonLines(lines));
    }
}
