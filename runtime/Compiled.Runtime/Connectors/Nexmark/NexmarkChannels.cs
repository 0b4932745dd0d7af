using System.Globalization;

namespace Compiled.Connectors.Nexmark;

/// <summary>
/// Bid channels and their URLs, built once from a fixed seed (Nexmark builds the same shapes from an
/// unseeded random): four hot channels, and 10 000 numbered channels, 90 % of whose URLs carry a
/// <c>channel_id</c> parameter equal to Java's <c>Math.abs(Integer.reverse(i))</c>.
/// </summary>
internal static class NexmarkChannels
{
    /// <summary>Number of numbered channels ("channel-0" .. "channel-9999").</summary>
    public const int ChannelCount = 10_000;

    /// <summary>Names of the hot channels.</summary>
    public static readonly string[] HotChannels = ["Google", "Facebook", "Baidu", "Apple"];

    /// <summary>URL of each hot channel.</summary>
    public static readonly string[] HotUrls;

    /// <summary>Names of the numbered channels.</summary>
    public static readonly string[] Channels;

    /// <summary>URL of each numbered channel.</summary>
    public static readonly string[] Urls;

#pragma warning disable CA1810 // The tables depend on one shared random stream, so they are built together.
    static NexmarkChannels()
#pragma warning restore CA1810
    {
        var random = new NexmarkRandom(0x0C4A_77E1, -2);
        HotUrls = new string[HotChannels.Length];
        for (int i = 0; i < HotUrls.Length; i++)
        {
            HotUrls[i] = BaseUrl(ref random);
        }

        Channels = new string[ChannelCount];
        Urls = new string[ChannelCount];
        for (int i = 0; i < ChannelCount; i++)
        {
            string url = BaseUrl(ref random);
            if (random.NextInt(10) > 0)
            {
                url = string.Create(CultureInfo.InvariantCulture, $"{url}&channel_id={JavaAbs(ReverseBits(i))}");
            }

            Channels[i] = string.Create(CultureInfo.InvariantCulture, $"channel-{i}");
            Urls[i] = url;
        }
    }

    private static string BaseUrl(ref NexmarkRandom random)
    {
        string a = NexmarkStrings.NextString(ref random, 5, '_');
        string b = NexmarkStrings.NextString(ref random, 5, '_');
        string c = NexmarkStrings.NextString(ref random, 5, '_');
        return $"https://www.nexmark.com/{a}/{b}/{c}/item.htm?query=1";
    }

    /// <summary>Java's <c>Integer.reverse</c>: the 32 bits in reverse order.</summary>
    private static int ReverseBits(int value)
    {
        uint v = (uint)value;
        uint result = 0;
        for (int i = 0; i < 32; i++)
        {
            result = (result << 1) | (v & 1);
            v >>= 1;
        }

        return (int)result;
    }

    /// <summary>Java's <c>Math.abs(int)</c>: like <see cref="Math.Abs(int)"/> but <see cref="int.MinValue"/> stays negative.</summary>
    private static int JavaAbs(int value) => value == int.MinValue ? value : Math.Abs(value);
}
