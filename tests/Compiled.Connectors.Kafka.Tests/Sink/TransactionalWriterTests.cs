using Compiled.Connectors.Kafka.Formats;
using Compiled.Connectors.Kafka.Sink;
using Compiled.Connectors.Kafka.Tests.Support;

namespace Compiled.Connectors.Kafka.Tests.Sink;

/// <summary>
/// The exactly-once writer's protocol driven step by step, as the sink operator drives it, against the mock cluster:
/// pre-commit at a barrier, commit on completion, and what a restore does with a transaction left open.
/// </summary>
/// <remarks>
/// What the mock cannot show: it writes no commit or abort markers, so a read_committed consumer sees aborted
/// records as well, and before their commit; and it does not fence a producer whose transactional id another one
/// registered. These tests therefore observe the transactions through the sink's listener (which records where each
/// transaction's records landed), not through a read_committed consumer.
/// </remarks>
[Collection(KafkaCollection.Name)]
public sealed class TransactionalWriterTests(MockClusterFixture kafka)
{
    private (KafkaSink<string> Sink, TransactionLog Log, string Topic) Sink()
    {
        string topic = kafka.CreateTopic("tx", partitions: 2);
        var log = new TransactionLog();
        var sink = new KafkaSink<string>(new KafkaSinkOptions<string>
        {
            BootstrapServers = kafka.Bootstrap,
            Topic = topic,
            Guarantee = KafkaDeliveryGuarantee.ExactlyOnce,
            TransactionalIdPrefix = topic,
            TransactionListener = log.Record,
        }, KafkaFormat.Utf8String);
        return (sink, log, topic);
    }

    private static (ISinkWriter<string> Writer, ITwoPhaseCommitWriter Transactions) Writer(KafkaSink<string> sink)
    {
        var writer = sink.CreateWriter(new SinkContext("out", 0, 1));
        return (writer, (ITwoPhaseCommitWriter)writer);
    }

    private static void Write(ISinkWriter<string> writer, params string[] values)
    {
        foreach (var value in values) writer.Write(value, long.MinValue);
    }

    [Fact]
    public void RecordsAfterABarrierWaitForTheCommitAndGoIntoTheNextTransaction()
    {
        var (sink, log, topic) = Sink();
        string id = $"{topic}-out-0";
        var (writer, tx) = Writer(sink);
        Write(writer, "a", "b");
        tx.PreCommit(1);
        Write(writer, "c"); // after barrier 1: not part of checkpoint 1's transaction
        Assert.Equal(2, Topics.ReadAll(kafka.Bootstrap, topic).Count);
        tx.Commit(1);
        tx.PreCommit(2);
        tx.Commit(2);
        Write(writer, "d");
        writer.Finish();
        writer.Dispose();

        Assert.Equal("init begin pre:1 commit:1 begin pre:2 commit:2 begin commit:end", log.Steps(id));
        var committed = log.Events.Where(e => e.Action == KafkaTransactionAction.Committed).Select(e => e.Records.Count);
        Assert.Equal([2, 1, 1], committed);
        Assert.Equal(["a", "b", "c", "d"], Topics.ReadAllText(kafka.Bootstrap, topic).Order());
    }

    [Fact]
    public void ACheckpointThatNeverCompletedIsCoveredByTheNextOne()
    {
        var (sink, log, topic) = Sink();
        var (writer, tx) = Writer(sink);
        Write(writer, "a");
        tx.PreCommit(1); // checkpoint 1 is aborted: no commit comes
        Write(writer, "b");
        tx.PreCommit(2);
        tx.Commit(2);
        writer.Dispose();

        Assert.Equal("init begin pre:1 pre:2 commit:2", log.Steps($"{topic}-out-0"));
        Assert.Equal(2, log.Committed.Count);
    }

    [Fact]
    public void ARestartInThisProcessCommitsTheTransactionOfTheRestoredCheckpointAndAbortsWhatFollowed()
    {
        var (sink, log, topic) = Sink();
        string id = $"{topic}-out-0";
        var (writer, tx) = Writer(sink);
        Write(writer, "a", "b");
        byte[] state1 = tx.PreCommit(1);
        writer.Dispose(); // fails after checkpoint 1 completed, before its commit arrived

        (writer, tx) = Writer(sink);
        tx.Recover(state1); // the restarted attempt takes over the open transaction and commits it
        Write(writer, "c");
        tx.PreCommit(2);
        writer.Dispose(); // fails again: checkpoint 2 never completed

        (writer, tx) = Writer(sink);
        tx.Recover(state1); // restored from checkpoint 1 again: "c" is aborted, to be written again
        Write(writer, "c");
        writer.Finish();
        writer.Dispose();

        Assert.Equal("init begin pre:1 commit:1 begin pre:2 abort:2 begin commit:end", log.Steps(id));
        var all = Topics.ReadAll(kafka.Bootstrap, topic);
        var committed = all.Where(m => log.Committed.Contains(m.Position)).Select(m => System.Text.Encoding.UTF8.GetString(m.Value)).Order();
        Assert.Equal(["a", "b", "c"], committed);
        Assert.Single(log.Aborted);
        Assert.Equal(4, all.Count); // the mock shows the aborted "c" to every consumer
    }

    [Fact]
    public void ARestoreWithoutTheOldProducerFencesItsIdAndAbortsItsOpenTransaction()
    {
        var (sink, log, topic) = Sink();
        string id = $"{topic}-out-0";
        var (writer, tx) = Writer(sink);
        Write(writer, "a");
        tx.PreCommit(1);
        tx.Commit(1);
        Write(writer, "b");
        byte[] state2 = tx.PreCommit(2);
        writer.Dispose();
        ParkedProducers.CloseAll(); // as if the process had died: nobody holds the producer any more

        (writer, tx) = Writer(sink);
        tx.Recover(state2);
        writer.Finish();
        writer.Dispose();

        // The old producer's open transaction is gone (closing aborted it here; a dead process's is aborted by the
        // coordinator when the new producer registers the id). Checkpoint 2's records could not be committed, and the
        // new writer says so.
        Assert.Equal("init begin pre:1 commit:1 begin pre:2 abort:2 init lost:2", log.Steps(id));
        Assert.Equal(["a"], Topics.ReadAll(kafka.Bootstrap, topic).Where(m => log.Committed.Contains(m.Position)).Select(m => System.Text.Encoding.UTF8.GetString(m.Value)));
    }

    [Fact]
    public void AFreshStartAbortsWhatAnEarlierAttemptOfTheSameIdLeftOpen()
    {
        var (sink, log, topic) = Sink();
        var (writer, tx) = Writer(sink);
        Write(writer, "lost");
        tx.PreCommit(1);
        writer.Dispose();

        (writer, _) = Writer(sink); // no restore: nothing of the earlier attempt was checkpointed
        Write(writer, "kept");
        writer.Finish();
        writer.Dispose();

        Assert.Equal("init begin pre:1 abort:1 begin commit:end", log.Steps($"{topic}-out-0"));
        Assert.Equal(["kept"], Topics.ReadAll(kafka.Bootstrap, topic).Where(m => log.Committed.Contains(m.Position)).Select(m => System.Text.Encoding.UTF8.GetString(m.Value)));
    }
}
