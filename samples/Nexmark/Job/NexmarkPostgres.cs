using Compiled.Connectors;
using Compiled.Connectors.Postgres;
using Npgsql;
using Nexmark.Rows;

namespace Nexmark.Job;

/// <summary>Where <c>--postgres</c> writes a query's rows.</summary>
/// <param name="ConnectionString">Npgsql connection string.</param>
/// <param name="Table">Target table; created when missing.</param>
public sealed record PostgresOutput(string ConnectionString, string Table);

/// <summary>
/// The PostgreSQL tables of the queries whose rows can go to a database — q5 <c>(auction, num)</c>, q0 and q7
/// <c>(auction, bidder, price, date_time, extra)</c> — and the sinks writing them (append, exactly-once with checkpoints).
/// </summary>
public static class NexmarkPostgres
{
    /// <summary>The queries <c>--postgres</c> supports.</summary>
    public static IReadOnlyList<string> Queries { get; } = ["q0", "q5", "q7"];

    /// <summary>The table a query writes to when none is given: <c>nexmark_q5</c>.</summary>
    public static string DefaultTable(string query) => "nexmark_" + query;

    /// <summary>The columns of <paramref name="query"/>'s table, for <c>CREATE TABLE</c>.</summary>
    public static string ColumnDefinitions(string query) => query == "q5"
        ? "auction bigint NOT NULL, num bigint NOT NULL"
        : "auction bigint NOT NULL, bidder bigint NOT NULL, price bigint NOT NULL, date_time timestamptz NOT NULL, extra text NOT NULL";

    /// <summary>Creates the table of <paramref name="query"/> unless it exists.</summary>
    public static void CreateTable(PostgresOutput output, string query)
    {
        ArgumentNullException.ThrowIfNull(output);
        try
        {
            using var connection = new NpgsqlConnection(output.ConnectionString);
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE TABLE IF NOT EXISTS {output.Table} ({ColumnDefinitions(query)})", connection);
            command.ExecuteNonQuery();
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            var server = new NpgsqlConnectionStringBuilder(output.ConnectionString);
            throw new InvalidOperationException($"Cannot create table {output.Table} on PostgreSQL at {server.Host}:{server.Port}: {ex.Message}", ex);
        }
    }

    /// <summary>A sink appending <typeparamref name="TRow"/> rows to the output table.</summary>
    /// <exception cref="ArgumentException">The row type has no table (the query is not one of <see cref="Queries"/>).</exception>
    public static ISink<TRow> Sink<TRow>(PostgresOutput output) where TRow : INexmarkRow
    {
        ArgumentNullException.ThrowIfNull(output);
        var options = new PostgresSinkOptions { ConnectionString = output.ConnectionString, Table = output.Table };
        if (typeof(TRow) == typeof(Q5Row))
            return (ISink<TRow>)(object)new PostgresSink<Q5Row>(options, new PostgresColumns<Q5Row>()
                .Add("auction", static r => r.Auction)
                .Add("num", static r => r.Num));
        if (typeof(TRow) == typeof(BidRow))
            return (ISink<TRow>)(object)new PostgresSink<BidRow>(options, new PostgresColumns<BidRow>()
                .Add("auction", static r => r.Auction)
                .Add("bidder", static r => r.Bidder)
                .Add("price", static r => r.Price)
                .Add("date_time", static r => DateTimeOffset.FromUnixTimeMilliseconds(r.DateTime))
                .Add("extra", static r => r.Extra));
        throw new ArgumentException($"Rows of type {typeof(TRow).Name} have no PostgreSQL table: --postgres supports {string.Join(", ", Queries)}.", nameof(TRow));
    }
}
