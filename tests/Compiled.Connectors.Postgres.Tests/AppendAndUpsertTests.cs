using Compiled.Connectors.Postgres.Tests.Support;

namespace Compiled.Connectors.Postgres.Tests;

/// <summary>Append and upsert write the right rows, through binary COPY and through multi-row INSERT alike.</summary>
[Collection(PostgresCollection.Name)]
public sealed class AppendAndUpsertTests(PostgresServer server)
{
    private static readonly Reading[] Sample =
    [
        new(3, "c", 3.5), new(1, "a", 1.25), new(2, null, -2), new(5, "quote ' and \" and \\", 5e10), new(4, "ünïcödé", 0),
    ];

    [Theory]
    [InlineData(true, 1000)]
    [InlineData(false, 1000)]
    [InlineData(true, 2)]
    [InlineData(false, 2)]
    public void AppendWritesEveryRecordAsARow(bool exactlyOnce, int batchSize)
    {
        string table = Readings.Create(server);
        using (var writer = Readings.Writer(Readings.Options(server, table, batchSize: batchSize), checkpointing: exactlyOnce))
        {
            writer.WriteAll(Sample);
            writer.Finish();
        }

        Assert.Equal(["1,a,1.25", "2,null,-2", "3,c,3.5", "4,ünïcödé,0", "5,quote ' and \" and \\,50000000000"], Readings.Rows(server, table));
    }

    [Fact]
    public void AppendUsesCopyWhenTypesMatchAndInsertWithCastsOtherwiseWithTheSameRows()
    {
        // Same records into an exact-typed table (binary COPY) and one whose columns need casts (integer, numeric, varchar(40)).
        string exact = Readings.Create(server);
        string cast = Readings.NewTable();
        server.Execute($"CREATE TABLE {cast} (id integer PRIMARY KEY, name varchar(40), value numeric NOT NULL)");
        using (var connection = server.Open())
        {
            Assert.True(PostgresTable.Check(connection, Readings.Options(server, exact), Readings.Columns(), exactlyOnce: false, 1).CopyCompatible);
            Assert.False(PostgresTable.Check(connection, Readings.Options(server, cast), Readings.Columns(), exactlyOnce: false, 1).CopyCompatible);
        }

        foreach (string table in new[] { exact, cast })
        {
            using var writer = Readings.Writer(Readings.Options(server, table, batchSize: 2));
            writer.WriteAll(Sample);
            writer.Finish();
        }

        Assert.Equal(5, Readings.Rows(server, exact).Count);
        Assert.Equal(Readings.Rows(server, exact), server.Rows($"SELECT id, name, value::double precision FROM {cast} ORDER BY id"));
    }

    [Theory]
    [InlineData(1000, true)]
    [InlineData(3, true)]
    [InlineData(1, false)]
    [InlineData(3, false)]
    public void UpsertKeepsTheLastRowOfEachKeyWithinAndAcrossBatches(int batchSize, bool exactlyOnce)
    {
        string table = Readings.Create(server);
        server.Execute($"INSERT INTO {table} VALUES (7, 'before', 70), (8, 'untouched', 80)");
        var records = new List<Reading>();
        for (int round = 0; round < 4; round++)
            for (long id = 1; id <= 7; id++) records.Add(new Reading(id, $"r{round}", round * 10 + id));
        records.Add(new Reading(2, null, -1)); // the last row of key 2 has no name

        using (var writer = Readings.Writer(Readings.Options(server, table, PostgresWriteMode.Upsert, batchSize), checkpointing: exactlyOnce))
        {
            writer.WriteAll(records);
            writer.Finish();
        }

        Assert.Equal(["1,r3,31", "2,null,-1", "3,r3,33", "4,r3,34", "5,r3,35", "6,r3,36", "7,r3,37", "8,untouched,80"], Readings.Rows(server, table));
    }

    [Fact]
    public void UpsertWithOnlyKeyColumnsInsertsMissingRowsAndKeepsExistingOnes()
    {
        string table = Readings.NewTable();
        server.Execute($"CREATE TABLE {table} (a bigint, b text, PRIMARY KEY (a, b)); INSERT INTO {table} VALUES (1, 'x')");
        var columns = new PostgresColumns<(long A, string B)>().Key("a", static r => r.A).Key("b", static r => r.B);
        var sink = new PostgresSink<(long A, string B)>(Readings.Options(server, table, PostgresWriteMode.Upsert, batchSize: 2), columns);
        using (var writer = sink.CreateWriter(new SinkContext("pairs", 0, 1)))
        {
            foreach (var pair in new[] { (1L, "x"), (1L, "y"), (2L, "x"), (1L, "y"), (1L, "x") }) writer.Write(pair, 0);
            writer.Finish();
        }

        Assert.Equal(["1,x", "1,y", "2,x"], server.Rows($"SELECT a, b FROM {table} ORDER BY a, b"));
    }

    [Fact]
    public void ExplicitTypesWriteJsonbAndTimestamps()
    {
        string table = Readings.NewTable();
        server.Execute($"CREATE TABLE {table} (id bigint, doc jsonb, at timestamptz)");
        var columns = new PostgresColumns<(long Id, string Doc, DateTime At)>()
            .Add("id", static r => r.Id)
            .Add("doc", static r => r.Doc, NpgsqlTypes.NpgsqlDbType.Jsonb)
            .Add("at", static r => r.At);
        var sink = new PostgresSink<(long, string, DateTime)>(Readings.Options(server, table), columns);
        using (var writer = sink.CreateWriter(new SinkContext("docs", 0, 1)))
        {
            writer.Write((1, """{"b": 2, "a": [1, 2]}""", new DateTime(2026, 11, 21, 10, 30, 0, DateTimeKind.Utc)), 0);
            writer.Finish();
        }

        Assert.Equal(["1,2,2026-11-21T10:30:00Z"], server.Rows($"SELECT id, doc->>'b', to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM {table}"));
    }
}
