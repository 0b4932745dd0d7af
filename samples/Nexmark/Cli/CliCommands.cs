using Nexmark.Queries;

namespace Nexmark.Cli;

/// <summary>A parsed command line.</summary>
public abstract record CliCommand;

/// <summary><c>--help</c>: print the usage.</summary>
public sealed record HelpCommand : CliCommand;

/// <summary><c>run</c>: run one query.</summary>
/// <param name="Query">Canonical query name, e.g. "q5".</param>
/// <param name="Events">Number of generated events (when <paramref name="Input"/> is null).</param>
/// <param name="Input">JSON-lines input file, or null to use the generator.</param>
/// <param name="Output">JSON-lines output file, or null to only count rows.</param>
/// <param name="Parallelism">Parallelism of the job.</param>
/// <param name="DeadLetters">File for malformed input lines, or null to only count them.</param>
public sealed record RunCommand(string Query, long Events, string? Input, string? Output, int Parallelism, string? DeadLetters) : CliCommand
{
    /// <summary>Checkpointing and restore options.</summary>
    public CheckpointOptions Checkpoints { get; init; } = new(null, TimeSpan.FromSeconds(1), null);

    /// <summary>Kafka input and output, or null.</summary>
    public KafkaOptions? Kafka { get; init; }

    /// <summary>q13's side input, read from <c>--side-input FILE</c>; null for the other queries.</summary>
    public SideInputTable? SideInput { get; init; }

    /// <summary>A PostgreSQL table for the rows (instead of <see cref="Output"/>), or null.</summary>
    public Job.PostgresOutput? Postgres { get; init; }

    /// <summary>Most events per second the job reads (all source subtasks together), or null for as fast as it can.</summary>
    public long? MaxRate { get; init; }

    /// <summary>Most result rows per second the sink writes (all sink subtasks together), or null for no cap.</summary>
    public long? MaxOutputRate { get; init; }
}

/// <summary>Kafka options of a run.</summary>
/// <param name="BootstrapServers">Brokers, e.g. localhost:9092.</param>
/// <param name="InputTopic">Topic of JSON events to read instead of generated ones, or null.</param>
/// <param name="Bounded">Stop at the input topic's end at the start (the job then finishes).</param>
/// <param name="OutputTopic">Topic to write the result rows to as JSON, or null.</param>
/// <param name="TransactionLog">File the exactly-once sink appends its transaction steps to, or null.</param>
public sealed record KafkaOptions(string BootstrapServers, string? InputTopic, bool Bounded, string? OutputTopic, string? TransactionLog = null);

/// <summary><c>produce</c>: write generated events into a Kafka topic.</summary>
/// <param name="Events">Number of events.</param>
/// <param name="BootstrapServers">Brokers.</param>
/// <param name="Topic">Topic (must exist).</param>
public sealed record ProduceCommand(long Events, string BootstrapServers, string Topic) : CliCommand;

/// <summary>Checkpoint options of a run.</summary>
/// <param name="Directory">Checkpoint directory, or null for no checkpoints.</param>
/// <param name="Interval">Time between checkpoints.</param>
/// <param name="RestoreFrom">"latest", a checkpoint or savepoint directory, or null to start fresh.</param>
public sealed record CheckpointOptions(string? Directory, TimeSpan Interval, string? RestoreFrom)
{
    /// <summary>Where keyed state lives: "heap" or "rocksdb".</summary>
    public string StateBackend { get; init; } = "heap";
}

/// <summary><c>generate</c>: write generated events as JSON lines.</summary>
/// <param name="Events">Number of events.</param>
/// <param name="Output">Output file.</param>
public sealed record GenerateCommand(long Events, string Output) : CliCommand;
