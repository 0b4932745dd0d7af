using System.Reactive.Subjects;
using Compiled.Connectors.Nexmark;

namespace Compiled.Benchmarks.Reactive;

/// <summary>Pushes the generator's events through an Rx.NET query on the calling thread, as a .NET program without an engine would.</summary>
public static class RxDriver
{
    /// <summary>Generates events 0 .. <paramref name="events"/> - 1 into a subject observed by <paramref name="query"/>; hands every result row to <paramref name="onRow"/>.</summary>
    public static void Run<TRow>(long events, Func<IObservable<NexmarkEvent>, IObservable<TRow>> query, Action<TRow> onRow)
    {
        ArgumentNullException.ThrowIfNull(query);
        var generator = new NexmarkGenerator(new NexmarkGeneratorConfig { EventCount = events });
        using var input = new Subject<NexmarkEvent>();
        Exception? failure = null;
        using (query(input).Subscribe(onRow, ex => failure = ex))
        {
            for (long n = 0; n < events && failure is null; n++) input.OnNext(generator.Generate(n));
            input.OnCompleted();
        }
        if (failure is not null) throw new InvalidOperationException($"The Rx.NET query failed: {failure.Message}", failure);
    }
}
