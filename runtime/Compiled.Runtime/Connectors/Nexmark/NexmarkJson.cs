using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Compiled.Connectors.Nexmark;

/// <summary>
/// Nexmark's Kafka JSON shape, one event per line:
/// <c>{"event_type":0|1|2,"person":{…}|null,"auction":{…}|null,"bid":{…}|null}</c>.
/// Timestamps are written as <c>"yyyy-MM-dd HH:mm:ss.SSS"</c> (UTC) and read from that string or from an
/// integer of epoch milliseconds. Writing is in this file; reading is in <c>NexmarkJson.Read.cs</c>.
/// </summary>
public static partial class NexmarkJson
{
    /// <summary>Writer options for <see cref="ToJson"/>: compact, non-ASCII text kept unescaped.</summary>
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = true,
    };

    private static readonly JsonEncodedText EventTypeName = JsonEncodedText.Encode("event_type");
    private static readonly JsonEncodedText PersonName = JsonEncodedText.Encode("person");
    private static readonly JsonEncodedText AuctionName = JsonEncodedText.Encode("auction");
    private static readonly JsonEncodedText BidName = JsonEncodedText.Encode("bid");
    private static readonly JsonEncodedText IdName = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText NameName = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText EmailAddressName = JsonEncodedText.Encode("emailAddress");
    private static readonly JsonEncodedText CreditCardName = JsonEncodedText.Encode("creditCard");
    private static readonly JsonEncodedText CityName = JsonEncodedText.Encode("city");
    private static readonly JsonEncodedText StateName = JsonEncodedText.Encode("state");
    private static readonly JsonEncodedText DateTimeName = JsonEncodedText.Encode("dateTime");
    private static readonly JsonEncodedText ExtraName = JsonEncodedText.Encode("extra");
    private static readonly JsonEncodedText ItemNameName = JsonEncodedText.Encode("itemName");
    private static readonly JsonEncodedText DescriptionName = JsonEncodedText.Encode("description");
    private static readonly JsonEncodedText InitialBidName = JsonEncodedText.Encode("initialBid");
    private static readonly JsonEncodedText ReserveName = JsonEncodedText.Encode("reserve");
    private static readonly JsonEncodedText ExpiresName = JsonEncodedText.Encode("expires");
    private static readonly JsonEncodedText SellerName = JsonEncodedText.Encode("seller");
    private static readonly JsonEncodedText CategoryName = JsonEncodedText.Encode("category");
    private static readonly JsonEncodedText BidderName = JsonEncodedText.Encode("bidder");
    private static readonly JsonEncodedText PriceName = JsonEncodedText.Encode("price");
    private static readonly JsonEncodedText ChannelName = JsonEncodedText.Encode("channel");
    private static readonly JsonEncodedText UrlName = JsonEncodedText.Encode("url");

    /// <summary>Writes <paramref name="e"/> as one JSON object (string escaping follows the writer's encoder).</summary>
    public static void Write(Utf8JsonWriter writer, in NexmarkEvent e)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteNumber(EventTypeName, (int)e.Type);

        if (e.Type == NexmarkEventType.Person)
        {
            WritePerson(writer, e.Person);
        }
        else
        {
            writer.WriteNull(PersonName);
        }

        if (e.Type == NexmarkEventType.Auction)
        {
            WriteAuction(writer, e.Auction);
        }
        else
        {
            writer.WriteNull(AuctionName);
        }

        if (e.Type == NexmarkEventType.Bid)
        {
            WriteBid(writer, e.Bid);
        }
        else
        {
            writer.WriteNull(BidName);
        }

        writer.WriteEndObject();
    }

    /// <summary>Returns <paramref name="e"/> as one JSON line (without a newline), non-ASCII text unescaped.</summary>
    public static string ToJson(in NexmarkEvent e)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer, e);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WritePerson(Utf8JsonWriter writer, in Person p)
    {
        writer.WriteStartObject(PersonName);
        writer.WriteNumber(IdName, p.Id);
        writer.WriteString(NameName, p.Name);
        writer.WriteString(EmailAddressName, p.EmailAddress);
        writer.WriteString(CreditCardName, p.CreditCard);
        writer.WriteString(CityName, p.City);
        writer.WriteString(StateName, p.State);
        WriteTimestamp(writer, DateTimeName, p.DateTime);
        writer.WriteString(ExtraName, p.Extra);
        writer.WriteEndObject();
    }

    private static void WriteAuction(Utf8JsonWriter writer, in Auction a)
    {
        writer.WriteStartObject(AuctionName);
        writer.WriteNumber(IdName, a.Id);
        writer.WriteString(ItemNameName, a.ItemName);
        writer.WriteString(DescriptionName, a.Description);
        writer.WriteNumber(InitialBidName, a.InitialBid);
        writer.WriteNumber(ReserveName, a.Reserve);
        WriteTimestamp(writer, DateTimeName, a.DateTime);
        WriteTimestamp(writer, ExpiresName, a.Expires);
        writer.WriteNumber(SellerName, a.Seller);
        writer.WriteNumber(CategoryName, a.Category);
        writer.WriteString(ExtraName, a.Extra);
        writer.WriteEndObject();
    }

    private static void WriteBid(Utf8JsonWriter writer, in Bid b)
    {
        writer.WriteStartObject(BidName);
        writer.WriteNumber(AuctionName, b.Auction);
        writer.WriteNumber(BidderName, b.Bidder);
        writer.WriteNumber(PriceName, b.Price);
        writer.WriteString(ChannelName, b.Channel);
        writer.WriteString(UrlName, b.Url);
        WriteTimestamp(writer, DateTimeName, b.DateTime);
        writer.WriteString(ExtraName, b.Extra);
        writer.WriteEndObject();
    }

    /// <summary>Writes a timestamp as "yyyy-MM-dd HH:mm:ss.SSS", or as epoch millis if outside years 1..9999.</summary>
    private static void WriteTimestamp(Utf8JsonWriter writer, JsonEncodedText name, long epochMillis)
    {
        Span<byte> text = stackalloc byte[32];
        if (NexmarkTimestamp.TryFormat(epochMillis, text, out int written))
        {
            writer.WriteString(name, text[..written]);
        }
        else
        {
            writer.WriteNumber(name, epochMillis);
        }
    }
}
