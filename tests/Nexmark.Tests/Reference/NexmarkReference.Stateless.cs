using System.Globalization;
using System.Text.RegularExpressions;

namespace Nexmark.Tests.Reference;

// Inside the namespace so these types win over any same-named types in the samples' Nexmark namespace.
using Compiled.Connectors.Nexmark;

/// <summary>q0, q1, q2, q10, q14, q21, q22: per-bid projections and filters.</summary>
public static partial class NexmarkReference
{
    /// <summary>q0: <c>SELECT auction, bidder, price, dateTime, extra FROM bid</c>.</summary>
    private static IEnumerable<string> Q0(IReadOnlyList<NexmarkEvent> events) =>
        from b in Bids(events)
        select Row(("auction", L(b.Auction)), ("bidder", L(b.Bidder)), ("price", L(b.Price)), ("dateTime", Ts(b.DateTime)), ("extra", b.Extra));

    /// <summary>q1: like q0 with <c>0.908 * price</c> as DECIMAL(23, 3).</summary>
    private static IEnumerable<string> Q1(IReadOnlyList<NexmarkEvent> events) =>
        from b in Bids(events)
        select Row(
            ("auction", L(b.Auction)),
            ("bidder", L(b.Bidder)),
            ("price", (0.908m * b.Price).ToString("0.000", CultureInfo.InvariantCulture)),
            ("dateTime", Ts(b.DateTime)),
            ("extra", b.Extra));

    /// <summary>q2: <c>SELECT auction, price FROM bid WHERE MOD(auction, 123) = 0</c>.</summary>
    private static IEnumerable<string> Q2(IReadOnlyList<NexmarkEvent> events) =>
        from b in Bids(events)
        where b.Auction % 123 == 0
        select Row(("auction", L(b.Auction)), ("price", L(b.Price)));

    /// <summary>
    /// q10: q0's columns plus the partition columns <c>dt = DATE_FORMAT(dateTime, 'yyyy-MM-dd')</c> and
    /// <c>hm = DATE_FORMAT(dateTime, 'HH:mm')</c>.
    /// </summary>
    private static IEnumerable<string> Q10(IReadOnlyList<NexmarkEvent> events) =>
        from b in Bids(events)
        select Row(
            ("auction", L(b.Auction)), ("bidder", L(b.Bidder)), ("price", L(b.Price)), ("dateTime", Ts(b.DateTime)), ("extra", b.Extra),
            ("dt", Date(b.DateTime)), ("hm", HourMinute(b.DateTime)));

    /// <summary>
    /// q14: bids with 1 000 000 &lt; 0.908 * price &lt; 50 000 000 (DECIMAL), columns auction, bidder, price (euros, scale 3),
    /// bidTimeType (HOUR 8..18 dayTime, &lt;= 6 or &gt;= 20 nightTime, else otherTime), dateTime, extra, c_counts (the 'c's in extra).
    /// </summary>
    private static IEnumerable<string> Q14(IReadOnlyList<NexmarkEvent> events) =>
        from b in Bids(events)
        let euros = 0.908m * b.Price
        where euros > 1_000_000m && euros < 50_000_000m
        let hour = DateTimeOffset.FromUnixTimeMilliseconds(b.DateTime).UtcDateTime.Hour
        select Row(
            ("auction", L(b.Auction)),
            ("bidder", L(b.Bidder)),
            ("price", euros.ToString("0.000", CultureInfo.InvariantCulture)),
            ("bidTimeType", hour >= 8 && hour <= 18 ? "dayTime" : hour <= 6 || hour >= 20 ? "nightTime" : "otherTime"),
            ("dateTime", Ts(b.DateTime)),
            ("extra", b.Extra),
            ("c_counts", L(b.Extra.Count(c => c == 'c'))));

    /// <summary>
    /// q21: channel_id is 0/1/2/3 for lower(channel) apple/google/facebook/baidu, else group 2 of the first match of
    /// <c>(&amp;|^)channel_id=([^&amp;]*)</c> in the url; bids with neither are dropped. Columns auction, bidder, price, channel, channel_id.
    /// </summary>
    private static IEnumerable<string> Q21(IReadOnlyList<NexmarkEvent> events) =>
        from b in Bids(events)
        let match = Regex.Match(b.Url, "(&|^)channel_id=([^&]*)")
        let extracted = match.Success ? match.Groups[2].Value : null
        let channelId = b.Channel.ToLowerInvariant() switch
        {
            "apple" => "0",
            "google" => "1",
            "facebook" => "2",
            "baidu" => "3",
            _ => extracted,
        }
        where channelId is not null
        select Row(("auction", L(b.Auction)), ("bidder", L(b.Bidder)), ("price", L(b.Price)), ("channel", b.Channel), ("channel_id", channelId));

    /// <summary>q22: the url split at '/' (empty pieces kept); dir1..dir3 are pieces 3..5, null when missing.</summary>
    private static IEnumerable<string> Q22(IReadOnlyList<NexmarkEvent> events) =>
        from b in Bids(events)
        let pieces = b.Url.Length == 0 ? [] : b.Url.Split('/')
        select Row(
            ("auction", L(b.Auction)), ("bidder", L(b.Bidder)), ("price", L(b.Price)), ("channel", b.Channel),
            ("dir1", S(pieces.ElementAtOrDefault(3))), ("dir2", S(pieces.ElementAtOrDefault(4))), ("dir3", S(pieces.ElementAtOrDefault(5))));
}
