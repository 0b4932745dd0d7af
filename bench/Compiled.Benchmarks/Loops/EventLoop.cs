using Compiled.Connectors.Nexmark;

namespace Compiled.Benchmarks.Loops;

/// <summary>What a hand-written loop does with each event.</summary>
internal interface IEventStep
{
    /// <summary>Handles the next event of the generator.</summary>
    void OnEvent(in NexmarkEvent e);
}

/// <summary>The loop all hand-written queries share: generate every event in order and hand it to a step (a struct, so the JIT inlines it).</summary>
internal static class EventLoop
{
    public static TStep Run<TStep>(long events, TStep step) where TStep : struct, IEventStep
    {
        var generator = new NexmarkGenerator(new NexmarkGeneratorConfig { EventCount = events });
        for (long n = 0; n < events; n++) step.OnEvent(generator.Generate(n));
        return step;
    }
}
