using System.Text.Json;
using Compiled.Connectors.Postgres.Tests.Support;
using Nexmark.Cli;

namespace Compiled.Connectors.Postgres.Tests;

/// <summary>The Nexmark command line's <c>--postgres</c> output: the same rows as the file output, and clear errors.</summary>
[Collection(PostgresCollection.Name)]
public sealed class NexmarkCliTests(PostgresServer server)
{
    private static (int Exit, string Err) Cli(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = NexmarkCli.Run(args, output, error);
        return (exit, error.ToString());
    }

    [Theory]
    [InlineData("q5", "auction, num")]
    [InlineData("q7", "auction, bidder, price, to_char(date_time AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS'), extra")]
    public void TheTableHoldsTheRowsOfTheFileOutput(string query, string columns)
    {
        using var work = new TempDirectory();
        string file = Path.Combine(work.Path, "out.jsonl");
        string table = Readings.NewTable();
        Assert.Equal(0, Cli("--query", query, "--events", "300000", "--parallelism", "2", "--output", file).Exit);
        var (exit, err) = Cli("--query", query, "--events", "300000", "--parallelism", "2", "--postgres", server.ConnectionString, "--postgres-table", table);

        Assert.Equal(0, exit);
        Assert.Contains($"PostgreSQL table {table}", err, StringComparison.Ordinal);
        var fromFile = File.ReadAllLines(file).Select(line => string.Join(',', JsonDocument.Parse(line).RootElement.EnumerateObject().Select(p => p.Value.ToString()))).Order(StringComparer.Ordinal).ToList();
        var fromTable = server.Rows($"SELECT {columns} FROM {table}").Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(fromFile);
        Assert.Equal(fromFile, fromTable);
    }

    [Theory]
    [InlineData("--postgres-table needs --postgres CONNECTION", "--query", "q5", "--postgres-table", "t")]
    [InlineData("Give either --output or --postgres, not both", "--query", "q5", "--postgres", "Host=x", "--output", "out.jsonl")]
    [InlineData("--postgres supports q0, q5, q7; q3 has no table yet", "--query", "q3", "--postgres", "Host=x")]
    [InlineData("--postgres: malformed connection string", "--query", "q5", "--postgres", "Hots=x")]
    [InlineData("--postgres-table 'a;drop' is not a plain table name", "--query", "q5", "--postgres", "Host=x", "--postgres-table", "a;drop")]
    public void BadPostgresArgumentsExitWithTwoAndSayWhatToChange(string message, params string[] args)
    {
        var (exit, err) = Cli(args);
        Assert.Equal(NexmarkCli.BadArguments, exit);
        Assert.Contains(message, err, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnreachableServerFailsTheJobWithItsAddress()
    {
        var (exit, err) = Cli("--query", "q5", "--events", "1000", "--postgres", "Host=127.0.0.1;Port=1;Username=postgres;Timeout=2");
        Assert.Equal(NexmarkCli.JobFailed, exit);
        Assert.Contains("127.0.0.1", err, StringComparison.Ordinal);
    }
}
