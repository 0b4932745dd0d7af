using System.Diagnostics;
using Compiled.Connectors.Postgres.Tests.Support;

namespace Compiled.Connectors.Postgres.Tests;

/// <summary>
/// The exactly-once writer's transaction sequence against the server: prepared at the barrier and invisible, visible
/// when the checkpoint completes, and after a crash the restored checkpoint's transactions committed and every other
/// one of the writer rolled back.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class TwoPhaseCommitTests(PostgresServer server)
{
    private static IEnumerable<Reading> Records(int from, int count) =>
        Enumerable.Range(from, count).Select(i => new Reading(i, "n" + i, i));

    private long Count(string table) => server.Count($"SELECT count(*) FROM {table}");

    private static string Gid(string table, int subtask, long checkpoint) => $"compiled/{table}/readings:{subtask}:{checkpoint}";

    [Fact]
    public void PreCommittedRowsAreInvisibleToOtherSessionsUntilTheCheckpointCompletes()
    {
        string table = Readings.Create(server);
        using var writer = Readings.Writer(Readings.Options(server, table, batchSize: 4));
        var transactional = (ITwoPhaseCommitWriter)writer;

        writer.WriteAll(Records(0, 10)); // two batches already sent into the open transaction
        Assert.Equal(0, Count(table));

        transactional.PreCommit(1);
        Assert.Equal(0, Count(table));
        Assert.Equal([Gid(table, 0, 1)], server.PreparedTransactions());

        writer.WriteAll(Records(10, 5));
        transactional.PreCommit(2);
        Assert.Equal(0, Count(table));
        Assert.Equal([Gid(table, 0, 1), Gid(table, 0, 2)], server.PreparedTransactions());

        transactional.Commit(1);
        Assert.Equal(10, Count(table));
        transactional.Commit(2);
        Assert.Equal(15, Count(table));
        Assert.Empty(server.PreparedTransactions());

        transactional.PreCommit(3); // nothing written since: nothing prepared
        Assert.Empty(server.PreparedTransactions());
    }

    [Fact]
    public void RecoverCommitsWhatTheCheckpointCoveredAndRollsBackTheRest()
    {
        string table = Readings.Create(server);
        var options = Readings.Options(server, table);
        byte[] checkpoint2;
        using (var crashed = Readings.Writer(options))
        {
            var transactional = (ITwoPhaseCommitWriter)crashed;
            crashed.WriteAll(Records(0, 3));
            transactional.PreCommit(1);
            transactional.Commit(1); // checkpoint 1 completed
            crashed.WriteAll(Records(3, 3));
            checkpoint2 = transactional.PreCommit(2); // checkpoint 2 completes, but the commit never arrives
            crashed.WriteAll(Records(6, 3));
            transactional.PreCommit(3); // checkpoint 3 never completes
            crashed.WriteAll(Records(9, 3)); // open transaction at the crash
        }
        Assert.Equal(3, Count(table));
        Assert.Equal([Gid(table, 0, 2), Gid(table, 0, 3)], server.PreparedTransactions());

        using var restored = Readings.Writer(options);
        ((ITwoPhaseCommitWriter)restored).Recover(checkpoint2);

        Assert.Equal(6, Count(table));
        Assert.Empty(server.PreparedTransactions());
        // The records after checkpoint 2 are replayed by the restored job and written once.
        restored.WriteAll(Records(6, 6));
        restored.Finish();
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"{i},n{i},{i}"), Readings.Rows(server, table));
    }

    [Fact]
    public void RecoverToleratesCoveredTransactionsThatWereAlreadyCommitted()
    {
        string table = Readings.Create(server);
        var options = Readings.Options(server, table);
        byte[] state;
        using (var writer = Readings.Writer(options))
        {
            writer.WriteAll(Records(0, 2));
            state = ((ITwoPhaseCommitWriter)writer).PreCommit(1);
            ((ITwoPhaseCommitWriter)writer).Commit(1); // committed, then the job failed before the next checkpoint
        }

        using var restored = Readings.Writer(options);
        ((ITwoPhaseCommitWriter)restored).Recover(state);
        Assert.Equal(2, Count(table));
    }

    [Fact]
    public void AFreshStartRollsBackLeftoversOfAnAttemptThatNeverCheckpointed()
    {
        string table = Readings.Create(server);
        var options = Readings.Options(server, table);
        using (var first = Readings.Writer(options))
        {
            first.WriteAll(Records(0, 5));
            ((ITwoPhaseCommitWriter)first).PreCommit(1); // prepared; the checkpoint never completed
        }
        Assert.Single(server.PreparedTransactions());

        using var second = Readings.Writer(options);
        second.WriteAll(Records(0, 5));
        Assert.Empty(server.PreparedTransactions());
        second.Finish();
        Assert.Equal(5, Count(table));
    }

    [Fact]
    public void RecoverLeavesOtherSubtasksAndOtherSinksAlone()
    {
        string table = Readings.Create(server);
        var options = Readings.Options(server, table);
        var other = options with { TransactionPrefix = "another-job" };
        using var subtask0 = Readings.Writer(options, subtask: 0, parallelism: 2);
        using var subtask1 = Readings.Writer(options, subtask: 1, parallelism: 2);
        using var otherJob = Readings.Writer(other);
        subtask0.WriteAll(Records(0, 2));
        subtask1.WriteAll(Records(2, 2));
        otherJob.WriteAll(Records(4, 2));
        ((ITwoPhaseCommitWriter)subtask0).PreCommit(1);
        ((ITwoPhaseCommitWriter)subtask1).PreCommit(1);
        ((ITwoPhaseCommitWriter)otherJob).PreCommit(1);

        using var restored0 = Readings.Writer(options, subtask: 0, parallelism: 2);
        ((ITwoPhaseCommitWriter)restored0).Recover(PreparedTransactions.Encode([]));

        Assert.Equal(["another-job:0:1", Gid(table, 1, 1)], server.PreparedTransactions());
        ((ITwoPhaseCommitWriter)subtask1).Commit(1);
        ((ITwoPhaseCommitWriter)otherJob).Commit(1);
        Assert.Equal(["2,n2,2", "3,n3,3", "4,n4,4", "5,n5,5"], Readings.Rows(server, table));
    }

    [Fact]
    public void RecoverAtLowerParallelismTakesOverThePreviousWritersTransactions()
    {
        string table = Readings.Create(server);
        var options = Readings.Options(server, table);
        var states = new Dictionary<int, byte[]>();
        for (int subtask = 0; subtask < 3; subtask++)
        {
            using var writer = Readings.Writer(options, subtask, parallelism: 3);
            var transactional = (ITwoPhaseCommitWriter)writer;
            writer.WriteAll(Records(subtask * 10, 2));
            states[subtask] = transactional.PreCommit(4); // covered by checkpoint 4
            writer.WriteAll(Records(subtask * 10 + 2, 2));
            transactional.PreCommit(5); // not covered
        }
        Assert.Equal(6, server.PreparedTransactions().Count);

        // At parallelism 2, writer 0 takes over previous writers 0 and 2, writer 1 takes over previous writer 1.
        using var new0 = Readings.Writer(options, 0, parallelism: 2);
        ((ITwoPhaseCommitWriter)new0).RecoverRescaled(0, 2, states);
        Assert.Equal([Gid(table, 1, 4), Gid(table, 1, 5)], server.PreparedTransactions());
        using var new1 = Readings.Writer(options, 1, parallelism: 2);
        ((ITwoPhaseCommitWriter)new1).RecoverRescaled(1, 2, states);

        Assert.Empty(server.PreparedTransactions());
        Assert.Equal(["0,n0,0", "1,n1,1", "10,n10,10", "11,n11,11", "20,n20,20", "21,n21,21"], Readings.Rows(server, table));
    }

    [Fact]
    public void UpsertsOfRowsHeldByAPreparedTransactionWaitForItsCommitInsteadOfBlocking()
    {
        string table = Readings.Create(server);
        // A short lock timeout: if the writer sent rows locked by its own prepared transaction, it would fail fast here.
        var options = Readings.Options(server, table, PostgresWriteMode.Upsert, batchSize: 2) with { LockTimeout = TimeSpan.FromSeconds(2) };
        using var writer = Readings.Writer(options);
        var transactional = (ITwoPhaseCommitWriter)writer;

        writer.WriteAll([new Reading(1, "first", 1), new Reading(2, "first", 2)]);
        transactional.PreCommit(1);
        var clock = Stopwatch.StartNew();
        writer.WriteAll([new Reading(1, "second", 10), new Reading(2, "second", 20), new Reading(1, "third", 100), new Reading(2, "third", 200)]);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"writing while checkpoint 1 was pending took {clock.Elapsed}");

        transactional.Commit(1); // sends the buffered rows
        Assert.Equal(["1,first,1", "2,first,2"], Readings.Rows(server, table));
        transactional.PreCommit(2);
        transactional.Commit(2);
        Assert.Equal(["1,third,100", "2,third,200"], Readings.Rows(server, table));
    }

    [Fact]
    public void ABarrierAfterAnAbortedCheckpointStillPreparesAndBothCommitLater()
    {
        string table = Readings.Create(server);
        using var writer = Readings.Writer(Readings.Options(server, table, batchSize: 2));
        var transactional = (ITwoPhaseCommitWriter)writer;

        writer.WriteAll(Records(0, 3));
        transactional.PreCommit(1); // checkpoint 1 is aborted: no commit
        writer.WriteAll(Records(3, 3)); // buffered, since 1 is still pending
        transactional.PreCommit(2);
        Assert.Equal(2, server.PreparedTransactions().Count);

        transactional.Commit(2); // completing checkpoint 2 commits everything up to it
        Assert.Equal(6, Count(table));
        Assert.Empty(server.PreparedTransactions());
    }

    [Fact]
    public void FinishCommitsPendingAndOpenTransactions()
    {
        string table = Readings.Create(server);
        using var writer = Readings.Writer(Readings.Options(server, table));
        writer.WriteAll(Records(0, 2));
        ((ITwoPhaseCommitWriter)writer).PreCommit(1);
        writer.WriteAll(Records(2, 2));
        writer.Finish();

        Assert.Equal(4, Count(table));
        Assert.Empty(server.PreparedTransactions());
    }
}
