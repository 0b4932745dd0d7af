using System.Text;
using System.Text.Json;

namespace Compiled.Connectors.Nexmark;

/// <summary>Reading half of <see cref="NexmarkJson"/>.</summary>
public static partial class NexmarkJson
{
    /// <summary>Parses one JSON line; throws <see cref="FormatException"/> with the reason when it is not a valid Nexmark event.</summary>
    public static NexmarkEvent Parse(ReadOnlySpan<byte> utf8Line)
    {
        if (TryParse(utf8Line, out NexmarkEvent e, out string? error))
        {
            return e;
        }

        throw new FormatException($"Invalid Nexmark JSON event: {error}");
    }

    /// <summary>Parses one JSON line given as a string; see <see cref="Parse(ReadOnlySpan{byte})"/>.</summary>
    public static NexmarkEvent Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return Parse(Encoding.UTF8.GetBytes(line));
    }

    /// <summary>
    /// Parses one JSON line without throwing. Fails (with a reason in <paramref name="error"/>) on invalid JSON,
    /// a missing or unknown <c>event_type</c>, a missing field, a field of the wrong type, or an <c>event_type</c>
    /// that does not match the non-null object. Unknown properties are ignored.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8Line, out NexmarkEvent e, out string? error)
    {
        e = default;
        if (utf8Line.StartsWith("\uFEFF"u8))
        {
            utf8Line = utf8Line[3..];
        }

        if (utf8Line.Trim(" \t\r\n"u8).IsEmpty)
        {
            error = "empty input";
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(utf8Line, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            return TryReadEvent(ref reader, out e, out error);
        }
        catch (JsonException ex)
        {
            error = $"invalid JSON: {ex.Message}";
            return false;
        }
        catch (InvalidOperationException ex)
        {
            error = $"invalid JSON string: {ex.Message}";
            return false;
        }
    }

    private static bool TryReadEvent(ref Utf8JsonReader reader, out NexmarkEvent e, out string? error)
    {
        e = default;
        if (!reader.Read())
        {
            error = "empty input";
            return false;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            error = $"expected a JSON object, found {reader.TokenType}";
            return false;
        }

        int? eventType = null;
        Person person = default;
        Auction auction = default;
        Bid bid = default;
        bool hasPerson = false, hasAuction = false, hasBid = false;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("event_type"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out int type))
                {
                    error = $"event_type must be an integer, found {Describe(ref reader)}";
                    return false;
                }

                eventType = type;
            }
            else if (reader.ValueTextEquals("person"u8))
            {
                if (!TryReadNullableObject(ref reader, "person", out hasPerson, out error)
                    || (hasPerson && !TryReadPerson(ref reader, out person, out error)))
                {
                    return false;
                }
            }
            else if (reader.ValueTextEquals("auction"u8))
            {
                if (!TryReadNullableObject(ref reader, "auction", out hasAuction, out error)
                    || (hasAuction && !TryReadAuction(ref reader, out auction, out error)))
                {
                    return false;
                }
            }
            else if (reader.ValueTextEquals("bid"u8))
            {
                if (!TryReadNullableObject(ref reader, "bid", out hasBid, out error)
                    || (hasBid && !TryReadBid(ref reader, out bid, out error)))
                {
                    return false;
                }
            }
            else
            {
                reader.Skip();
            }
        }

        if (reader.Read())
        {
            error = "unexpected content after the JSON object";
            return false;
        }

        if (eventType is null)
        {
            error = "missing event_type";
            return false;
        }

        bool valid;
        switch (eventType.Value)
        {
            case (int)NexmarkEventType.Person:
                valid = CheckOnly("person", hasPerson, hasAuction || hasBid, out error);
                e = valid ? NexmarkEvent.OfPerson(person) : default;
                return valid;
            case (int)NexmarkEventType.Auction:
                valid = CheckOnly("auction", hasAuction, hasPerson || hasBid, out error);
                e = valid ? NexmarkEvent.OfAuction(auction) : default;
                return valid;
            case (int)NexmarkEventType.Bid:
                valid = CheckOnly("bid", hasBid, hasPerson || hasAuction, out error);
                e = valid ? NexmarkEvent.OfBid(bid) : default;
                return valid;
            default:
                error = $"unknown event_type {eventType.Value} (expected 0 = person, 1 = auction, 2 = bid)";
                return false;
        }
    }

    private static bool CheckOnly(string expected, bool hasExpected, bool hasOther, out string? error)
    {
        error = !hasExpected ? $"event_type says {expected} but \"{expected}\" is missing or null"
            : hasOther ? $"event_type says {expected} but another of person/auction/bid is not null"
            : null;
        return error is null;
    }

    /// <summary>Moves to the value of the current property; true with <paramref name="present"/> for an object, true without it for null.</summary>
    private static bool TryReadNullableObject(ref Utf8JsonReader reader, string name, out bool present, out string? error)
    {
        reader.Read();
        present = reader.TokenType == JsonTokenType.StartObject;
        if (present || reader.TokenType == JsonTokenType.Null)
        {
            error = null;
            return true;
        }

        error = $"\"{name}\" must be an object or null, found {Describe(ref reader)}";
        return false;
    }

    private static bool TryReadPerson(ref Utf8JsonReader reader, out Person person, out string? error)
    {
        long id = 0, dateTime = 0;
        string? name = null, email = null, creditCard = null, city = null, state = null, extra = null;
        int seen = 0;
        person = default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool ok =
                reader.ValueTextEquals("id"u8) ? Long(ref reader, "person.id", 1 << 0, ref seen, out id, out error)
                : reader.ValueTextEquals("name"u8) ? Text(ref reader, "person.name", 1 << 1, ref seen, out name, out error)
                : reader.ValueTextEquals("emailAddress"u8) ? Text(ref reader, "person.emailAddress", 1 << 2, ref seen, out email, out error)
                : reader.ValueTextEquals("creditCard"u8) ? Text(ref reader, "person.creditCard", 1 << 3, ref seen, out creditCard, out error)
                : reader.ValueTextEquals("city"u8) ? Text(ref reader, "person.city", 1 << 4, ref seen, out city, out error)
                : reader.ValueTextEquals("state"u8) ? Text(ref reader, "person.state", 1 << 5, ref seen, out state, out error)
                : reader.ValueTextEquals("dateTime"u8) ? Time(ref reader, "person.dateTime", 1 << 6, ref seen, out dateTime, out error)
                : reader.ValueTextEquals("extra"u8) ? Text(ref reader, "person.extra", 1 << 7, ref seen, out extra, out error)
                : SkipValue(ref reader, out error);
            if (!ok)
            {
                return false;
            }
        }

        if (!CheckAllSeen("person", seen, PersonFields, out error))
        {
            return false;
        }

        person = new Person(id, name!, email!, creditCard!, city!, state!, dateTime, extra!);
        return true;
    }

    private static bool TryReadAuction(ref Utf8JsonReader reader, out Auction auction, out string? error)
    {
        long id = 0, initialBid = 0, reserve = 0, dateTime = 0, expires = 0, seller = 0, category = 0;
        string? itemName = null, description = null, extra = null;
        int seen = 0;
        auction = default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool ok =
                reader.ValueTextEquals("id"u8) ? Long(ref reader, "auction.id", 1 << 0, ref seen, out id, out error)
                : reader.ValueTextEquals("itemName"u8) ? Text(ref reader, "auction.itemName", 1 << 1, ref seen, out itemName, out error)
                : reader.ValueTextEquals("description"u8) ? Text(ref reader, "auction.description", 1 << 2, ref seen, out description, out error)
                : reader.ValueTextEquals("initialBid"u8) ? Long(ref reader, "auction.initialBid", 1 << 3, ref seen, out initialBid, out error)
                : reader.ValueTextEquals("reserve"u8) ? Long(ref reader, "auction.reserve", 1 << 4, ref seen, out reserve, out error)
                : reader.ValueTextEquals("dateTime"u8) ? Time(ref reader, "auction.dateTime", 1 << 5, ref seen, out dateTime, out error)
                : reader.ValueTextEquals("expires"u8) ? Time(ref reader, "auction.expires", 1 << 6, ref seen, out expires, out error)
                : reader.ValueTextEquals("seller"u8) ? Long(ref reader, "auction.seller", 1 << 7, ref seen, out seller, out error)
                : reader.ValueTextEquals("category"u8) ? Long(ref reader, "auction.category", 1 << 8, ref seen, out category, out error)
                : reader.ValueTextEquals("extra"u8) ? Text(ref reader, "auction.extra", 1 << 9, ref seen, out extra, out error)
                : SkipValue(ref reader, out error);
            if (!ok)
            {
                return false;
            }
        }

        if (!CheckAllSeen("auction", seen, AuctionFields, out error))
        {
            return false;
        }

        auction = new Auction(id, itemName!, description!, initialBid, reserve, dateTime, expires, seller, category, extra!);
        return true;
    }

    private static bool TryReadBid(ref Utf8JsonReader reader, out Bid bid, out string? error)
    {
        long auction = 0, bidder = 0, price = 0, dateTime = 0;
        string? channel = null, url = null, extra = null;
        int seen = 0;
        bid = default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool ok =
                reader.ValueTextEquals("auction"u8) ? Long(ref reader, "bid.auction", 1 << 0, ref seen, out auction, out error)
                : reader.ValueTextEquals("bidder"u8) ? Long(ref reader, "bid.bidder", 1 << 1, ref seen, out bidder, out error)
                : reader.ValueTextEquals("price"u8) ? Long(ref reader, "bid.price", 1 << 2, ref seen, out price, out error)
                : reader.ValueTextEquals("channel"u8) ? Text(ref reader, "bid.channel", 1 << 3, ref seen, out channel, out error)
                : reader.ValueTextEquals("url"u8) ? Text(ref reader, "bid.url", 1 << 4, ref seen, out url, out error)
                : reader.ValueTextEquals("dateTime"u8) ? Time(ref reader, "bid.dateTime", 1 << 5, ref seen, out dateTime, out error)
                : reader.ValueTextEquals("extra"u8) ? Text(ref reader, "bid.extra", 1 << 6, ref seen, out extra, out error)
                : SkipValue(ref reader, out error);
            if (!ok)
            {
                return false;
            }
        }

        if (!CheckAllSeen("bid", seen, BidFields, out error))
        {
            return false;
        }

        bid = new Bid(auction, bidder, price, channel!, url!, dateTime, extra!);
        return true;
    }

    private static readonly string[] PersonFields = ["id", "name", "emailAddress", "creditCard", "city", "state", "dateTime", "extra"];
    private static readonly string[] AuctionFields =
        ["id", "itemName", "description", "initialBid", "reserve", "dateTime", "expires", "seller", "category", "extra"];
    private static readonly string[] BidFields = ["auction", "bidder", "price", "channel", "url", "dateTime", "extra"];

    private static bool CheckAllSeen(string record, int seen, string[] fields, out string? error)
    {
        int all = (1 << fields.Length) - 1;
        if (seen == all)
        {
            error = null;
            return true;
        }

        var missing = new List<string>();
        for (int i = 0; i < fields.Length; i++)
        {
            if ((seen & (1 << i)) == 0)
            {
                missing.Add(fields[i]);
            }
        }

        error = $"{record} is missing field(s): {string.Join(", ", missing)}";
        return false;
    }

    private static bool Long(ref Utf8JsonReader reader, string path, int bit, ref int seen, out long value, out string? error)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out value))
        {
            seen |= bit;
            error = null;
            return true;
        }

        value = 0;
        error = $"{path} must be a 64-bit integer, found {Describe(ref reader)}";
        return false;
    }

    private static bool Text(ref Utf8JsonReader reader, string path, int bit, ref int seen, out string? value, out string? error)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String)
        {
            value = reader.GetString();
            seen |= bit;
            error = null;
            return true;
        }

        value = null;
        error = $"{path} must be a string, found {Describe(ref reader)}";
        return false;
    }

    private static bool Time(ref Utf8JsonReader reader, string path, int bit, ref int seen, out long value, out string? error)
    {
        reader.Read();
        string? reason;
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (reader.TryGetInt64(out value))
            {
                seen |= bit;
                error = null;
                return true;
            }

            reason = "epoch milliseconds must be a 64-bit integer";
        }
        else if (reader.TokenType == JsonTokenType.String)
        {
            bool ok = reader.ValueIsEscaped
                ? NexmarkTimestamp.TryParse(reader.GetString().AsSpan(), out value, out reason)
                : NexmarkTimestamp.TryParse(reader.ValueSpan, out value, out reason);
            if (ok)
            {
                seen |= bit;
                error = null;
                return true;
            }

            reason = $"\"{reader.GetString()}\": {reason}";
        }
        else
        {
            reason = $"expected a \"yyyy-MM-dd HH:mm:ss.SSS\" string or epoch milliseconds, found {reader.TokenType}";
        }

        value = 0;
        error = $"{path} is not a timestamp: {reason}";
        return false;
    }

    private static bool SkipValue(ref Utf8JsonReader reader, out string? error)
    {
        reader.Skip();
        error = null;
        return true;
    }

    /// <summary>Short description of the current value for error messages.</summary>
    private static string Describe(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Number => $"number {Encoding.UTF8.GetString(reader.ValueSpan)}",
        JsonTokenType.String => $"string \"{reader.GetString()}\"",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => "null",
        _ => reader.TokenType.ToString(),
    };
}
