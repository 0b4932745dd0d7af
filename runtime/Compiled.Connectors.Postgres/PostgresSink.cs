using System.Globalization;
using Npgsql;

namespace Compiled.Connectors.Postgres;

/// <summary>
/// Writes records as rows of a PostgreSQL table, appending or upserting, in batches. With
/// <see cref="PostgresGuarantee.ExactlyOnce"/> and checkpointing, each subtask's rows between two checkpoints form one
/// transaction: prepared at the barrier, committed when the checkpoint completes, settled on restore — so the table
/// holds every record's row exactly once after failures. Otherwise rows are committed batch by batch.
/// </summary>
/// <remarks>
/// For upserts at parallelism above 1, feed the sink from an operator keyed by the upsert key (for example a keyed
/// reduce or window chained to the sink), so one writer owns each key: two writers upserting one key in open
/// transactions would wait for each other's commit.
/// </remarks>
/// <example>
/// <code>
/// counts.SinkTo(new PostgresSink&lt;AuctionCount&gt;(
///     new PostgresSinkOptions { ConnectionString = "Host=127.0.0.1;Username=app;Database=app", Table = "hot_items", Mode = PostgresWriteMode.Upsert },
///     new PostgresColumns&lt;AuctionCount&gt;().Key("auction", static r => r.Auction).Add("bids", static r => r.Count)), "hot items");
/// </code>
/// </example>
/// <typeparam name="T">Record type.</typeparam>
public sealed class PostgresSink<T> : ISink<T>
{
    /// <summary>Creates the sink; checks the options now and the table when each writer starts.</summary>
    /// <exception cref="ArgumentException">An option is invalid; the message says what to change.</exception>
    public PostgresSink(PostgresSinkOptions options, PostgresColumns<T> columns)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(columns);
        Options = options;
        Columns = columns;
    }

    /// <summary>The options.</summary>
    public PostgresSinkOptions Options { get; }

    /// <summary>The column mapping.</summary>
    public PostgresColumns<T> Columns { get; }

    /// <inheritdoc />
    public ISinkWriter<T> CreateWriter(SinkContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        bool exactlyOnce = Options.Guarantee == PostgresGuarantee.ExactlyOnce && context.Checkpointing;
        var connection = Connect();
        try
        {
            var table = PostgresTable.Check(connection, Options, Columns, exactlyOnce, context.Parallelism);
            var batches = new BatchWriter<T>(connection, Columns, table, Options.Mode, Options.BatchSize);
            return exactlyOnce
                ? new ExactlyOnceWriter<T>(connection, batches, Options, new PreparedTransactions(TransactionPrefix(context)), context)
                : new AtLeastOnceWriter<T>(connection, batches, Options);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The prefix of this sink's prepared-transaction ids: the option, or table and sink name.</summary>
    internal string TransactionPrefix(SinkContext context)
    {
        if (Options.TransactionPrefix is { } prefix) return prefix;
        string name = $"compiled/{Options.Table}/{context.SinkName}";
        while (System.Text.Encoding.UTF8.GetByteCount(name) > PostgresSinkOptions.MaxTransactionPrefixLength) name = name[..^1];
        return name;
    }

    private NpgsqlConnection Connect()
    {
        var connection = new NpgsqlConnection(Options.ConnectionString);
        try
        {
            connection.Open();
            using var command = new NpgsqlCommand(
                string.Create(CultureInfo.InvariantCulture, $"SET lock_timeout = {(long)Math.Ceiling(Options.LockTimeout.TotalMilliseconds)}"), connection);
            command.ExecuteNonQuery();
            return connection;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            connection.Dispose();
            var builder = new NpgsqlConnectionStringBuilder(Options.ConnectionString);
            throw new InvalidOperationException(
                $"Cannot connect to PostgreSQL at {builder.Host}:{builder.Port} (database '{builder.Database}', user '{builder.Username}'): {ex.Message}. " +
                "Check that the server runs and the connection string's host, port, database and credentials.", ex);
        }
    }
}
