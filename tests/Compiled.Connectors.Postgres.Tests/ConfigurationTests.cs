using Compiled.Connectors.Postgres.Tests.Support;

namespace Compiled.Connectors.Postgres.Tests;

/// <summary>Bad configuration fails when the sink is created or a writer starts, with a message saying what to change.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ConfigurationTests(PostgresServer server)
{
    private static void AssertMessage(Exception ex, params string[] parts)
    {
        foreach (var part in parts) Assert.Contains(part, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OptionsAreCheckedWhenTheSinkIsCreated()
    {
        var good = Readings.Options(server, "t");
        AssertMessage(Assert.Throws<ArgumentException>(() => new PostgresSink<Reading>(good with { ConnectionString = " " }, Readings.Columns())), "connection string is empty");
        AssertMessage(Assert.Throws<ArgumentException>(() => new PostgresSink<Reading>(good with { ConnectionString = "Host=x;Bogus Key=1" }, Readings.Columns())), "malformed", "Key=Value");
        AssertMessage(Assert.Throws<ArgumentException>(() => new PostgresSink<Reading>(good with { Table = "" }, Readings.Columns())), "No table given");
        AssertMessage(Assert.Throws<ArgumentOutOfRangeException>(() => new PostgresSink<Reading>(good with { BatchSize = 0 }, Readings.Columns())), "BatchSize must be at least 1");
        AssertMessage(Assert.Throws<ArgumentException>(() => new PostgresSink<Reading>(good, new PostgresColumns<Reading>())), "No columns mapped");
        AssertMessage(Assert.Throws<ArgumentException>(() => new PostgresSink<Reading>(good with { TransactionPrefix = new string('p', 151) }, Readings.Columns())), "TransactionPrefix");
        AssertMessage(Assert.Throws<ArgumentException>(() => Readings.Columns().Add("id", static r => r.Id)), "'id' is mapped twice");
    }

    [Fact]
    public void UpsertWithoutKeyColumnsIsRejected()
    {
        var columns = new PostgresColumns<Reading>().Add("id", static r => r.Id).Add("value", static r => r.Value);
        var ex = Assert.Throws<ArgumentException>(() => new PostgresSink<Reading>(Readings.Options(server, "t", PostgresWriteMode.Upsert), columns));
        AssertMessage(ex, "Upsert into 't' needs key columns", "Key(name");
    }

    [Fact]
    public void AMissingTableIsReportedWithTheSearchPath()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Readings.Writer(Readings.Options(server, "no_such_table")));
        AssertMessage(ex, "Table 'no_such_table' does not exist in database 'postgres'", "public", "create it first");
    }

    [Fact]
    public void AnInvalidTableNameIsReported()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Readings.Writer(Readings.Options(server, "a.b.c.d")));
        AssertMessage(ex, "'a.b.c.d' is not a valid table name");
    }

    [Fact]
    public void AMissingColumnIsReportedWithTheTablesColumns()
    {
        string table = Readings.NewTable();
        server.Execute($"CREATE TABLE {table} (id bigint PRIMARY KEY, \"Name\" text, value double precision)");
        var ex = Assert.Throws<InvalidOperationException>(() => Readings.Writer(Readings.Options(server, table)));
        AssertMessage(ex, $"Table {table} has no column 'name'", "its columns are id, Name, value", "case-sensitive");
    }

    [Fact]
    public void UpsertNeedsAUniqueIndexOnExactlyTheKeyColumns()
    {
        string table = Readings.NewTable();
        server.Execute($"CREATE TABLE {table} (id bigint, name text, value double precision, UNIQUE (id, name))");
        var ex = Assert.Throws<InvalidOperationException>(() => Readings.Writer(Readings.Options(server, table, PostgresWriteMode.Upsert)));
        AssertMessage(ex, "conflicts on (id)", "no primary key or unique index on exactly these columns", "ADD PRIMARY KEY (\"id\")");
    }

    [Fact]
    public void AUserWithoutInsertPrivilegeIsTold()
    {
        string table = Readings.Create(server);
        string user = "reader_" + table;
        server.Execute($"CREATE ROLE {user} LOGIN; GRANT SELECT ON {table} TO {user}");
        var options = Readings.Options(server, table) with { ConnectionString = server.ConnectionString.Replace("Username=postgres", $"Username={user}", StringComparison.Ordinal) };
        var ex = Assert.Throws<InvalidOperationException>(() => Readings.Writer(options));
        AssertMessage(ex, $"User '{user}' may not INSERT into {table}", "GRANT INSERT");
    }

    [Fact]
    public void AnUnreachableServerIsReportedWithItsAddress()
    {
        var options = Readings.Options(server, "t") with { ConnectionString = "Host=127.0.0.1;Port=1;Username=postgres;Database=postgres;Timeout=2" };
        var ex = Assert.Throws<InvalidOperationException>(() => Readings.Writer(options));
        AssertMessage(ex, "Cannot connect to PostgreSQL at 127.0.0.1:1", "Check that the server runs");
    }

    [Fact]
    public void ExactlyOnceNeedsMorePreparedTransactionsThanWriters()
    {
        string table = Readings.Create(server);
        var ex = Assert.Throws<InvalidOperationException>(() => Readings.Writer(Readings.Options(server, table), subtask: 0, parallelism: 33));
        AssertMessage(ex, "the server allows 32 (max_prepared_transactions) and the sink has 33 writers", "at least 66");
    }

    [Fact]
    public void ExactlyOnceOnAServerWithoutPreparedTransactionsSaysToSetThem()
    {
        using var plain = PostgresServer.WithPreparedTransactions(0);
        string table = Readings.Create(plain);

        var ex = Assert.Throws<InvalidOperationException>(() => Readings.Writer(Readings.Options(plain, table)));
        AssertMessage(ex, "Exactly-once needs prepared transactions", "allows 0 (max_prepared_transactions)", "set max_prepared_transactions", "Guarantee = AtLeastOnce");

        // At least once and jobs without checkpoints need no prepared transactions.
        using (var writer = Readings.Writer(Readings.Options(plain, table) with { Guarantee = PostgresGuarantee.AtLeastOnce }))
        {
            writer.Write(new Reading(1, "a", 1), 0);
            writer.Finish();
        }
        using (var writer = Readings.Writer(Readings.Options(plain, table), checkpointing: false))
        {
            writer.Write(new Reading(2, "b", 2), 0);
            writer.Finish();
        }
        Assert.Equal(["1,a,1", "2,b,2"], Readings.Rows(plain, table));
    }
}
