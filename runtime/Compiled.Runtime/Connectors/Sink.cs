namespace Compiled.Connectors;

/// <summary>What a sink writer knows about its parallel instance.</summary>
/// <param name="SinkName">Name of the sink operator.</param>
/// <param name="SubtaskIndex">Index of this writer's subtask.</param>
/// <param name="Parallelism">Number of writers.</param>
public sealed record SinkContext(string SinkName, int SubtaskIndex, int Parallelism);

/// <summary>A destination of records; each subtask writes through its own writer.</summary>
public interface ISink<T>
{
    /// <summary>Creates the writer of one subtask.</summary>
    ISinkWriter<T> CreateWriter(SinkContext context);

    /// <summary>A parallelism the sink needs (1 for a single output file), or null for any.</summary>
    int? RequiredParallelism => null;
}

/// <summary>Writes one subtask's records. Called only from the task's thread.</summary>
public interface ISinkWriter<T> : IDisposable
{
    /// <summary>Writes one record.</summary>
    void Write(in T value, long timestamp);

    /// <summary>Called at the end of a bounded input: make everything durable.</summary>
    void Finish();
}
