using System.Diagnostics;
using Compiled.Connectors.Postgres.Tests.Support;

namespace Compiled.Connectors.Postgres.Tests;

/// <summary>Without exactly-once transactions rows are committed batch by batch, at barriers, on a timer and at the end.</summary>
[Collection(PostgresCollection.Name)]
public sealed class BatchTests(PostgresServer server)
{
    private static IEnumerable<Reading> Records(int from, int count) =>
        Enumerable.Range(from, count).Select(i => new Reading(i, "n" + i, i));

    [Theory]
    [InlineData(PostgresGuarantee.AtLeastOnce, true)]
    [InlineData(PostgresGuarantee.ExactlyOnce, false)] // no checkpointing: nothing would commit a transaction per checkpoint
    public void FullBatchesAreCommittedAsTheyFillAndTheRestAtTheEnd(PostgresGuarantee guarantee, bool checkpointing)
    {
        string table = Readings.Create(server);
        using var writer = Readings.Writer(Readings.Options(server, table, batchSize: 10) with { Guarantee = guarantee }, checkpointing: checkpointing);

        writer.WriteAll(Records(0, 25));
        Assert.Equal(20, server.Count($"SELECT count(*) FROM {table}"));

        writer.Finish();
        Assert.Equal(25, server.Count($"SELECT count(*) FROM {table}"));
    }

    [Fact]
    public void AtLeastOnceFlushesPartialBatchesAtEveryBarrier()
    {
        string table = Readings.Create(server);
        using var writer = Readings.Writer(Readings.Options(server, table) with { Guarantee = PostgresGuarantee.AtLeastOnce });
        var transactional = (ITwoPhaseCommitWriter)writer;

        writer.WriteAll(Records(0, 7));
        Assert.Equal(0, server.Count($"SELECT count(*) FROM {table}"));
        transactional.PreCommit(1);
        Assert.Equal(7, server.Count($"SELECT count(*) FROM {table}"));
        Assert.Empty(server.PreparedTransactions());
    }

    [Fact]
    public void AQuietStreamIsFlushedByTheTimerWithoutNewRecords()
    {
        string table = Readings.Create(server);
        using var writer = Readings.Writer(Readings.Options(server, table) with { FlushInterval = TimeSpan.FromMilliseconds(50) }, checkpointing: false);

        writer.WriteAll(Records(0, 3));
        var clock = Stopwatch.StartNew();
        while (server.Count($"SELECT count(*) FROM {table}") < 3 && clock.Elapsed < TimeSpan.FromSeconds(20)) Thread.Sleep(20);

        Assert.Equal(3, server.Count($"SELECT count(*) FROM {table}"));
    }

    [Fact]
    public void AFailedTimerFlushFailsTheNextWrite()
    {
        string table = Readings.Create(server);
        using var writer = Readings.Writer(Readings.Options(server, table) with { FlushInterval = TimeSpan.FromMilliseconds(20) }, checkpointing: false);
        writer.Write(new Reading(1, "a", 1), 0);
        writer.Write(new Reading(1, "duplicate key", 2), 0); // append into a primary key: the flush fails

        var clock = Stopwatch.StartNew();
        Exception? failure = null;
        while (failure is null && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            Thread.Sleep(20);
            failure = Record.Exception(() => writer.Write(new Reading(2, "b", 3), 0));
        }

        var postgres = Assert.IsType<Npgsql.PostgresException>(failure);
        Assert.Equal(Npgsql.PostgresErrorCodes.UniqueViolation, postgres.SqlState);
    }
}
