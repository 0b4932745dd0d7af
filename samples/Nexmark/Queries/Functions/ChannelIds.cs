using System.Text.RegularExpressions;

namespace Nexmark.Queries.Functions;

/// <summary>
/// q21's <c>channel_id</c>: <c>CASE WHEN lower(channel) = 'apple' THEN '0' WHEN … 'google' THEN '1' WHEN … 'facebook'
/// THEN '2' WHEN … 'baidu' THEN '3' ELSE REGEXP_EXTRACT(url, '(&amp;|^)channel_id=([^&amp;]*)', 2) END</c>.
/// </summary>
public static partial class ChannelIds
{
    /// <summary>The channel id of a bid, or null when its channel is none of the four and its url has no <c>channel_id</c> parameter.</summary>
    public static string? Of(string channel, string url) =>
        Is(channel, "apple") ? "0"
        : Is(channel, "google") ? "1"
        : Is(channel, "facebook") ? "2"
        : Is(channel, "baidu") ? "3"
        : RegexpExtract(url);

    /// <summary>
    /// <c>REGEXP_EXTRACT(url, '(&amp;|^)channel_id=([^&amp;]*)', 2)</c>: group 2 of the first match (possibly empty), or
    /// null when nothing matches.
    /// </summary>
    public static string? RegexpExtract(string? url)
    {
        if (url is null) return null;
        var match = ChannelIdParameter().Match(url);
        return match.Success ? match.Groups[2].Value : null;
    }

    /// <summary><c>lower(channel) = name</c> for a lower-case ASCII <paramref name="name"/>, without allocating a lower-cased copy.</summary>
    private static bool Is(string channel, string name) => string.Equals(channel, name, StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex("(&|^)channel_id=([^&]*)", RegexOptions.CultureInvariant)]
    private static partial Regex ChannelIdParameter();
}
