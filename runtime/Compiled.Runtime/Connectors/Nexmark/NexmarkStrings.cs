using System.Globalization;

namespace Compiled.Connectors.Nexmark;

/// <summary>Word tables and random-string helpers shared by the Nexmark generator (same vocabulary as Nexmark).</summary>
internal static class NexmarkStrings
{
    /// <summary>Shortest random string Nexmark draws (before trimming).</summary>
    private const int MinStringLength = 3;

    /// <summary>US states persons live in.</summary>
    public static readonly string[] States = ["AZ", "CA", "ID", "OR", "WA", "WY"];

    /// <summary>US cities persons live in.</summary>
    public static readonly string[] Cities =
        ["Phoenix", "Los Angeles", "San Francisco", "Boise", "Portland", "Bend", "Redmond", "Seattle", "Kent", "Cheyenne"];

    private static readonly string[] FirstNames =
        ["Peter", "Paul", "Luke", "John", "Saul", "Vicky", "Kate", "Julie", "Sarah", "Deiter", "Walter"];

    private static readonly string[] LastNames =
        ["Shultz", "Abrams", "Spencer", "White", "Bartels", "Walton", "Smith", "Jones", "Noris"];

    /// <summary>Every "First Last" combination, so picking a name allocates nothing.</summary>
    private static readonly string[] FullNames = BuildFullNames();

    /// <summary>Picks a random "First Last" name.</summary>
    public static string NextPersonName(ref NexmarkRandom random)
    {
        int first = random.NextInt(FirstNames.Length);
        int last = random.NextInt(LastNames.Length);
        return FullNames[(first * LastNames.Length) + last];
    }

    /// <summary>Random e-mail "&lt;up to 6 letters&gt;@&lt;up to 4 letters&gt;.com" (letters may include spaces, as in Nexmark).</summary>
    public static string NextEmail(ref NexmarkRandom random)
    {
        Span<char> buffer = stackalloc char[32];
        int length = AppendTrimmed(ref random, buffer, 7, ' ');
        buffer[length++] = '@';
        length += AppendTrimmed(ref random, buffer[length..], 5, ' ');
        ".com".AsSpan().CopyTo(buffer[length..]);
        return new string(buffer[..(length + 4)]);
    }

    /// <summary>Random credit card number: four groups of four digits separated by spaces.</summary>
    public static string NextCreditCard(ref NexmarkRandom random)
    {
        Span<char> buffer = stackalloc char[19];
        for (int group = 0; group < 4; group++)
        {
            int value = random.NextInt(10_000);
            int at = group * 5;
            if (group > 0)
            {
                buffer[at - 1] = ' ';
            }

            for (int digit = 3; digit >= 0; digit--)
            {
                buffer[at + digit] = (char)('0' + (value % 10));
                value /= 10;
            }
        }

        return new string(buffer);
    }

    /// <summary>Nexmark's <c>nextString</c>: 3..maxLength-1 random letters (1 in 13 is <paramref name="special"/>), trimmed of spaces.</summary>
    public static string NextString(ref NexmarkRandom random, int maxLength, char special = ' ')
    {
        Span<char> buffer = stackalloc char[maxLength];
        int length = AppendTrimmed(ref random, buffer, maxLength, special);
        return length == 0 ? string.Empty : new string(buffer[..length]);
    }

    /// <summary>
    /// Length of Nexmark's <c>extra</c> padding: uniformly within ±20 % of what brings
    /// <paramref name="currentSize"/> up to <paramref name="averageSize"/>; 0 when already larger.
    /// </summary>
    public static int NextExtraLength(ref NexmarkRandom random, int currentSize, int averageSize)
    {
        if (currentSize > averageSize)
        {
            return 0;
        }

        int wanted = averageSize - currentSize;
        int delta = (int)Math.Floor((wanted * 0.2) + 0.5);
        int minSize = wanted - delta;
        return delta == 0 ? minSize : minSize + random.NextInt(2 * delta);
    }

    /// <summary>Writes a random string into <paramref name="destination"/>, drops leading/trailing spaces, returns its length.</summary>
    private static int AppendTrimmed(ref NexmarkRandom random, Span<char> destination, int maxLength, char special)
    {
        int length = MinStringLength + random.NextInt(maxLength - MinStringLength);
        for (int i = 0; i < length; i++)
        {
            destination[i] = random.NextInt(13) == 0 ? special : (char)('a' + random.NextInt(26));
        }

        ReadOnlySpan<char> trimmed = destination[..length].Trim(' ');
        if (trimmed.Length != length)
        {
            int start = length - destination[..length].TrimStart(' ').Length;
            destination.Slice(start, trimmed.Length).CopyTo(destination);
        }

        return trimmed.Length;
    }

    private static string[] BuildFullNames()
    {
        var names = new string[FirstNames.Length * LastNames.Length];
        for (int f = 0; f < FirstNames.Length; f++)
        {
            for (int l = 0; l < LastNames.Length; l++)
            {
                names[(f * LastNames.Length) + l] = string.Create(CultureInfo.InvariantCulture, $"{FirstNames[f]} {LastNames[l]}");
            }
        }

        return names;
    }
}
