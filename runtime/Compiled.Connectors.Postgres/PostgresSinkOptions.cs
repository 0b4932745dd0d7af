using Npgsql;

namespace Compiled.Connectors.Postgres;

/// <summary>How rows reach the table.</summary>
public enum PostgresWriteMode
{
    /// <summary>Every record inserts a row (binary COPY when the column types match exactly, else multi-row INSERT).</summary>
    Append,

    /// <summary>
    /// Every record inserts or replaces the row with its key: <c>INSERT … ON CONFLICT (key) DO UPDATE</c>. The key
    /// columns need a primary key or unique index on exactly them.
    /// </summary>
    Upsert,
}

/// <summary>What the sink guarantees after a failure and restore.</summary>
public enum PostgresGuarantee
{
    /// <summary>
    /// Rows are committed in batches (and at every checkpoint barrier): none is lost, but rows written after the
    /// restored checkpoint are written again (harmless in upsert mode).
    /// </summary>
    AtLeastOnce,

    /// <summary>
    /// Rows between two checkpoints form one transaction, prepared (<c>PREPARE TRANSACTION</c>) at the barrier and
    /// committed (<c>COMMIT PREPARED</c>) when the checkpoint completes; a restore commits what the checkpoint covered
    /// and rolls back the rest. Needs <c>max_prepared_transactions</c> &gt; 0 on the server. A job without
    /// checkpointing gets <see cref="AtLeastOnce"/> behaviour (nothing would ever commit the transactions).
    /// </summary>
    ExactlyOnce,
}

/// <summary>Where and how a <see cref="PostgresSink{T}"/> writes. Checked when the sink is created and again against the server when a writer starts.</summary>
public sealed record PostgresSinkOptions
{
    /// <summary>Longest transaction-id prefix in UTF-8 bytes: PostgreSQL's global transaction ids have at most 200.</summary>
    public const int MaxTransactionPrefixLength = 150;

    /// <summary>Npgsql connection string, e.g. <c>Host=127.0.0.1;Port=5432;Username=app;Database=app</c>.</summary>
    public required string ConnectionString { get; init; }

    /// <summary>Target table, optionally schema-qualified (<c>public.q5</c>); resolved with PostgreSQL's name rules.</summary>
    public required string Table { get; init; }

    /// <summary>Append or upsert (default append).</summary>
    public PostgresWriteMode Mode { get; init; } = PostgresWriteMode.Append;

    /// <summary>Exactly once (default, with checkpoints) or at least once.</summary>
    public PostgresGuarantee Guarantee { get; init; } = PostgresGuarantee.ExactlyOnce;

    /// <summary>Rows sent to the server together (one COPY or a few multi-row statements).</summary>
    public int BatchSize { get; init; } = 1000;

    /// <summary>
    /// Without exactly-once transactions: the longest time a row waits in a partial batch before it is written, so
    /// slow streams still show up (default 1 s; <see cref="TimeSpan.Zero"/> writes partial batches only at barriers and at the end).
    /// </summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a write waits for a row locked by another transaction before the job fails (PostgreSQL's
    /// <c>lock_timeout</c>). Guards against waiting for a prepared transaction that only this job can commit.
    /// </summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Start of the global ids of this sink's prepared transactions (default: table and sink name). On restore the
    /// sink rolls back its prepared transactions the checkpoint does not cover, found by this prefix: give every job
    /// and sink writing to the same database its own.
    /// </summary>
    public string? TransactionPrefix { get; init; }

    /// <summary>Fails with a message saying what to change when a setting is invalid.</summary>
    /// <exception cref="ArgumentException">A setting is invalid.</exception>
    public void Validate<T>(PostgresColumns<T> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (string.IsNullOrWhiteSpace(ConnectionString))
            throw new ArgumentException("The PostgreSQL connection string is empty: set ConnectionString, e.g. 'Host=127.0.0.1;Port=5432;Username=app;Database=app'.", nameof(ConnectionString));
        try
        {
            _ = new NpgsqlConnectionStringBuilder(ConnectionString);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"The PostgreSQL connection string is malformed ({ex.Message}): use 'Key=Value;' pairs such as 'Host=127.0.0.1;Port=5432;Username=app;Database=app'.", nameof(ConnectionString), ex);
        }
        if (string.IsNullOrWhiteSpace(Table))
            throw new ArgumentException("No table given: set Table to the table the sink writes to, e.g. 'public.results'.", nameof(Table));
        if (columns.Count == 0)
            throw new ArgumentException($"No columns mapped for table '{Table}': add at least one with PostgresColumns<T>.Add(name, row => value).", nameof(columns));
        if (Mode == PostgresWriteMode.Upsert && columns.KeyCount == 0)
            throw new ArgumentException($"Upsert into '{Table}' needs key columns: map the primary-key columns with PostgresColumns<T>.Key(name, row => value), or use Mode = Append.", nameof(columns));
        if (BatchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be at least 1 (rows sent to the server together).");
        if (FlushInterval < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(FlushInterval), FlushInterval, "FlushInterval must not be negative (TimeSpan.Zero turns the periodic flush off).");
        if (LockTimeout < TimeSpan.FromMilliseconds(1))
            throw new ArgumentOutOfRangeException(nameof(LockTimeout), LockTimeout, "LockTimeout must be at least 1 ms.");
        if (TransactionPrefix is { } prefix)
        {
            int bytes = System.Text.Encoding.UTF8.GetByteCount(prefix);
            if (bytes == 0 || bytes > MaxTransactionPrefixLength)
                throw new ArgumentException($"TransactionPrefix must have 1 to {MaxTransactionPrefixLength} bytes in UTF-8, has {bytes}.", nameof(TransactionPrefix));
            if (prefix.Any(char.IsControl))
                throw new ArgumentException("TransactionPrefix must not contain control characters.", nameof(TransactionPrefix));
        }
    }
}
