namespace Compiled.Connectors;

/// <summary>Prints records to standard output, one per line, prefixed like Flink's print(): "prefix:subtask> record".</summary>
public sealed class ConsoleSink<T>(string? prefix = null) : ISink<T>
{
    private static readonly Lock Gate = new();

    /// <inheritdoc />
    public ISinkWriter<T> CreateWriter(SinkContext context)
    {
        string label = (prefix, context.Parallelism) switch
        {
            (null, 1) => "",
            (null, _) => $"{context.SubtaskIndex + 1}> ",
            (_, 1) => $"{prefix}> ",
            _ => $"{prefix}:{context.SubtaskIndex + 1}> ",
        };
        return new Writer(label);
    }

    private sealed class Writer(string label) : ISinkWriter<T>
    {
        public void Write(in T value, long timestamp)
        {
            lock (Gate) System.Console.Out.WriteLine(label + value);
        }

        public void Finish()
        {
            lock (Gate) System.Console.Out.Flush();
        }

        public void Dispose() { }
    }
}
