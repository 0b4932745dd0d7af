using Compiled.Api;
using Compiled.Connectors;
using Compiled.Connectors.Files;
using Compiled.Connectors.Kafka.Formats;
using Compiled.Connectors.Kafka.Sink;
using Nexmark.Rows;

namespace Nexmark.Job;

/// <summary>
/// Where a query's rows go: a JSON-lines file (one object per row, keys = the sink table's columns), a PostgreSQL
/// table, or nowhere when neither is given. Either way the rows are counted in <see cref="Rows"/>.
/// </summary>
/// <param name="path">Output file, or null to count rows only.</param>
/// <param name="partFiles">Write <paramref name="path"/> as a directory of part files committed at checkpoints (exactly once).</param>
/// <param name="postgres">A PostgreSQL table to append the rows to instead of a file, or null.</param>
/// <param name="kafka">Write the rows to a Kafka topic instead, one JSON object per message.</param>
/// <param name="maxRowsPerSecond">Cap on the rows written per second (all sink subtasks together); infinity for none.</param>
public sealed class ResultSink(string? path, bool partFiles = false, PostgresOutput? postgres = null, KafkaOutput? kafka = null,
    double maxRowsPerSecond = double.PositiveInfinity)
{
    /// <summary>The output file (or directory), or null when rows are only counted.</summary>
    public string? Path { get; } = path;

    /// <summary>Rows written (complete once the job has finished).</summary>
    public RecordCounter Rows { get; } = new();

    /// <summary>Ends <paramref name="rows"/> in this sink.</summary>
    public DataStreamSink Write<TRow>(DataStream<TRow> rows, string name) where TRow : INexmarkRow
    {
        ArgumentNullException.ThrowIfNull(rows);
        ISink<TRow>? file = kafka is not null ? kafka.Sink<TRow>()
            : postgres is not null ? NexmarkPostgres.Sink<TRow>(postgres)
            : Path is null ? null
            : partFiles ? PartFileSink.JsonLines<TRow>(Path, static (writer, row) => row.WriteJson(writer))
            : FileSink.JsonLines<TRow>(Path, static (writer, row) => row.WriteJson(writer));
        return rows.SinkTo(new CountingSink<TRow>(Rows, file, maxRowsPerSecond), name);
    }

    /// <summary>
    /// Ends <paramref name="rows"/> in this sink as a partitioned table: <see cref="Path"/> is then a directory with a
    /// subdirectory of part files per partition (see <see cref="PartitionedFileSink{T}"/>), with or without checkpoints.
    /// </summary>
    public DataStreamSink WritePartitioned<TRow>(DataStream<TRow> rows, Func<TRow, long> partitionOf, Func<long, string> partitionDirectory, string name)
        where TRow : INexmarkRow
    {
        ArgumentNullException.ThrowIfNull(rows);
        ISink<TRow>? files = Path is null ? null
            : new PartitionedFileSink<TRow>(Path, partitionOf, partitionDirectory, static () => FileSink.JsonFormat<TRow>(static (writer, row) => row.WriteJson(writer)), ".jsonl");
        return rows.SinkTo(new CountingSink<TRow>(Rows, files, maxRowsPerSecond), name);
    }
}

/// <summary>Result rows to a Kafka topic as JSON: exactly once (a transaction per checkpoint) when the job checkpoints, else at least once.</summary>
/// <param name="BootstrapServers">Brokers.</param>
/// <param name="Topic">Output topic (must exist).</param>
/// <param name="ExactlyOnce">Transactions tied to checkpoints; needs checkpointing.</param>
/// <param name="TransactionalIdPrefix">Start of the transactional ids, unique per job.</param>
public sealed record KafkaOutput(string BootstrapServers, string Topic, bool ExactlyOnce, string TransactionalIdPrefix)
{
    /// <summary>Told every step of the exactly-once sink's transactions, or null.</summary>
    public Action<KafkaTransactionEvent>? TransactionListener { get; init; }

    /// <summary>The sink of rows of type <typeparamref name="TRow"/>.</summary>
    public KafkaSink<TRow> Sink<TRow>() where TRow : INexmarkRow => new(new KafkaSinkOptions<TRow>
    {
        BootstrapServers = BootstrapServers,
        Topic = Topic,
        Guarantee = ExactlyOnce ? KafkaDeliveryGuarantee.ExactlyOnce : KafkaDeliveryGuarantee.AtLeastOnce,
        TransactionalIdPrefix = TransactionalIdPrefix,
        TransactionListener = TransactionListener,
    }, KafkaFormat.Json<TRow>(null, static (writer, row) => row.WriteJson(writer)));
}
