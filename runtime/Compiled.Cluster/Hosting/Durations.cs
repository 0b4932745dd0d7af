using System.Globalization;

namespace Compiled.Cluster.Hosting;

/// <summary>Parses durations such as <c>5ms</c>, <c>2s</c>, <c>1.5min</c> or <c>1h</c> (a bare number is milliseconds).</summary>
internal static class Durations
{
    public static TimeSpan Parse(string option, string text)
    {
        string number = text.TrimEnd('m', 's', 'i', 'n', 'h');
        string unit = text[number.Length..];
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value) || value < 0)
            throw new ArgumentException($"{option} must be a duration like 5ms, 2s or 1min, got '{text}'.");
        return unit switch
        {
            "" or "ms" => TimeSpan.FromMilliseconds(value),
            "s" => TimeSpan.FromSeconds(value),
            "m" or "min" => TimeSpan.FromMinutes(value),
            "h" => TimeSpan.FromHours(value),
            _ => throw new ArgumentException($"{option}: unknown unit in '{text}'; use ms, s, min or h."),
        };
    }
}
