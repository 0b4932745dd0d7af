using System.Text;

namespace Nexmark.Tests;

// Inside the namespace so these types win over any same-named types in the samples' Nexmark namespace.
using Compiled.Connectors.Nexmark;

/// <summary>Generates events and writes them as Nexmark JSON lines.</summary>
public static class EventFiles
{
    /// <summary>Events 0 .. count - 1 of a generator with <paramref name="config"/>.</summary>
    public static List<NexmarkEvent> Generate(NexmarkGeneratorConfig config, int count)
    {
        var generator = new NexmarkGenerator(config with { EventCount = count });
        return Enumerable.Range(0, count).Select(n => generator.Generate(n)).ToList();
    }

    /// <summary>Writes <paramref name="events"/> to <paramref name="path"/>, one JSON object per line.</summary>
    public static void Write(string path, IEnumerable<NexmarkEvent> events) =>
        File.WriteAllLines(path, events.Select(e => NexmarkJson.ToJson(e)), new UTF8Encoding(false));
}
