namespace Compiled.Connectors.Postgres.Tests.Support;

/// <summary>The record the writer tests write.</summary>
/// <param name="Id">Key.</param>
/// <param name="Name">Text, may be null.</param>
/// <param name="Value">A number.</param>
public readonly record struct Reading(long Id, string? Name, double Value);

/// <summary>Tables, mappings and writers for <see cref="Reading"/>.</summary>
public static class Readings
{
    /// <summary>A fresh table name, so tests sharing a server never see each other's rows or transactions.</summary>
    public static string NewTable() => "t_" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Creates <paramref name="table"/> with a primary key on id (bigint, text, double precision).</summary>
    public static string Create(PostgresServer server, string? table = null)
    {
        table ??= NewTable();
        server.Execute($"CREATE TABLE {table} (id bigint PRIMARY KEY, name text, value double precision NOT NULL)");
        return table;
    }

    /// <summary>id as key, name, value.</summary>
    public static PostgresColumns<Reading> Columns() => new PostgresColumns<Reading>()
        .Key("id", static r => r.Id)
        .Add("name", static r => r.Name)
        .Add("value", static r => r.Value);

    /// <summary>Options for <paramref name="table"/> on <paramref name="server"/>.</summary>
    public static PostgresSinkOptions Options(PostgresServer server, string table, PostgresWriteMode mode = PostgresWriteMode.Append, int batchSize = 1000) =>
        new() { ConnectionString = server.ConnectionString, Table = table, Mode = mode, BatchSize = batchSize, FlushInterval = TimeSpan.Zero };

    /// <summary>A writer of subtask <paramref name="subtask"/>, as a job with or without checkpointing would create it.</summary>
    public static ISinkWriter<Reading> Writer(PostgresSinkOptions options, int subtask = 0, int parallelism = 1, bool checkpointing = true) =>
        new PostgresSink<Reading>(options, Columns()).CreateWriter(new SinkContext("readings", subtask, parallelism) { Checkpointing = checkpointing });

    /// <summary>The table's rows ordered by id, as "id,name,value".</summary>
    public static List<string> Rows(PostgresServer server, string table) => server.Rows($"SELECT id, name, value FROM {table} ORDER BY id");

    /// <summary>Writes <paramref name="readings"/> (timestamp 0).</summary>
    public static void WriteAll(this ISinkWriter<Reading> writer, IEnumerable<Reading> readings)
    {
        foreach (var r in readings) writer.Write(r, 0);
    }
}
