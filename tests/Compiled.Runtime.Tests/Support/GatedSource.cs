using Compiled.Connectors;

namespace Compiled.Tests.Support;

/// <summary>
/// A source whose subtask 0 emits <c>items</c> and then waits; every subtask ends only once
/// <see cref="Release"/> is set. Other subtasks emit nothing (optionally opening a split while waiting).
/// Lets tests observe a running job whose input has not ended.
/// </summary>
public sealed class GatedSource<T>(IReadOnlyList<T> items, bool idleReadersOpenSplit = false) : ISource<T>
{
    private readonly IReadOnlyList<T> _items = items;
    private readonly bool _idleReadersOpenSplit = idleReadersOpenSplit;

    /// <summary>Set to let every reader end.</summary>
    public ManualResetEventSlim Release { get; } = new(false);

    /// <inheritdoc />
    public Boundedness Boundedness => Boundedness.Bounded;

    /// <inheritdoc />
    public ISourceReader<T> CreateReader(SourceReaderContext context) => new Reader(this, context.SubtaskIndex);

    private sealed class Reader(GatedSource<T> source, int subtask) : ISourceReader<T>
    {
        private bool _emitted;

        public InputStatus PollNext(SourceOutput<T> output)
        {
            if (source.Release.IsSet) return InputStatus.EndOfInput;
            if (subtask == 0 && !_emitted)
            {
                foreach (var item in source._items) output.Collect(item);
                _emitted = true;
                return InputStatus.MoreAvailable;
            }
            if (subtask != 0 && source._idleReadersOpenSplit) output.Split(0);
            return InputStatus.NothingAvailable;
        }

        public void Dispose() { }
    }
}

/// <summary>Runs a job on a background thread so a test can interact with it while it runs.</summary>
public sealed class BackgroundJob
{
    private readonly Thread _thread;
    private Exception? _failure;

    /// <summary>Starts <paramref name="execute"/>.</summary>
    public BackgroundJob(Action execute)
    {
        _thread = new Thread(() =>
        {
            try { execute(); }
            catch (Exception ex) { _failure = ex; }
        }) { IsBackground = true };
        _thread.Start();
    }

    /// <summary>The job's exception, if it failed.</summary>
    public Exception? Failure => Volatile.Read(ref _failure);

    /// <summary>Waits for the job to end (bounded) and rethrows its failure.</summary>
    public void Join(TimeSpan timeout)
    {
        Assert.True(_thread.Join(timeout), $"the job did not end within {timeout}");
        if (Failure is { } failure) throw new InvalidOperationException("The job failed.", failure);
    }
}
