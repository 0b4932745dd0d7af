namespace Nexmark.Cli;

/// <summary>The text printed by <c>--help</c>.</summary>
public static class Usage
{
    /// <summary>Default number of generated events.</summary>
    public const long DefaultEvents = 1_000_000;

    /// <summary>Usage of both commands.</summary>
    public static string Text { get; } =
        $$"""
        Nexmark benchmark queries on the Compiled stream processor.

        Usage:
          Nexmark [run] --query Q [--events N | --input FILE] [--output FILE] [--parallelism N] [--dead-letters FILE] [--side-input FILE] [--max-rate N] [--max-output-rate N]
                [--checkpoint-dir DIR [--checkpoint-interval 200ms]] [--state-backend heap|rocksdb] [--from-checkpoint latest|PATH | --from-savepoint PATH]
                [--kafka-bootstrap HOSTS [--input-topic T [--bounded]] [--output-topic T [--transaction-log FILE]]]
                [--postgres CONNECTION [--postgres-table T]]
          Nexmark generate --events N --output FILE
          Nexmark produce --events N --kafka-bootstrap HOSTS --topic T
          Nexmark coordinator --bind HOST:PORT [--rest HOST:PORT|off] [--secret-file FILE] RUN-OPTIONS
          Nexmark worker --coordinator HOST:PORT [--slots K] [--secret-file FILE]
          Nexmark list|status|cancel [--rest HOST:PORT]   Nexmark savepoint|stop --savepoint-dir DIR [--rest HOST:PORT]
          Nexmark --help

        run       Runs query Q over generated events (default {{DefaultEvents}} events) or a JSON-lines file of events
                  in Nexmark's Kafka JSON shape, and prints a summary to standard error.
          --query Q            one of {{string.Join(", ", Job.NexmarkJob.Queries)}} (required;
                               q4, q6 and q9 are not implemented yet: they wait for a SQL layer)
          --events N           number of generated events (default {{DefaultEvents}}); not with --input
          --input FILE         read events from FILE (one JSON object per line); FILE,FILE,... reads several files
                               in parallel (file k by source subtask k mod the parallelism)
          --output FILE        write the result rows to FILE as JSON lines; without it rows are only counted.
                               {{string.Join(", ", Job.NexmarkJob.ChangelogQueries)}} have updating results: their rows are a changelog whose
                               first column "op" is +I (insert), -U/+U (update before/after) or -D (delete).
                               {{Job.NexmarkJob.PartitionedQuery}} writes a partitioned table: FILE is a directory with part files in
                               dt=yyyy-MM-dd/hm=HH:mm subdirectories
          --parallelism N      parallelism of the job (default: number of cores, {{Environment.ProcessorCount}})
          --dead-letters FILE  write malformed input lines to FILE as JSON lines {file,line,reason,content};
                               without it they are only counted (needs --input)
          --side-input FILE    {{Job.NexmarkJob.SideInputQuery}}'s side input (required for it): one 'key,value' line per row, e.g.
                               0,0 to 9999,9999; bids join the rows whose key is auction mod 10000
          --max-rate N         read at most N events per second (all source subtasks together), e.g. to replay a
                               topic or file at a steady rate; default: as fast as the job can
          --max-output-rate N  write at most N result rows per second (all sink subtasks together): a slow
                               downstream, e.g. to watch backpressure hold the sources back
          --checkpoint-dir DIR exactly-once checkpoints in DIR (chk-N directories); --output is then a directory
                               of part files, committed at each checkpoint (in-progress and pending ones are hidden)
          --checkpoint-interval T  time between checkpoints, e.g. 200ms, 1s (default 1s)
          --state-backend heap|rocksdb  keyed state on the heap (default) or in RocksDB on local disk
                               (incremental checkpoints; databases under $TMPDIR/compiled-rocksdb)
          --from-checkpoint latest|PATH  restore from the newest usable checkpoint in --checkpoint-dir, or from PATH
          --from-savepoint PATH          restore from a savepoint (checkpoint) directory
          --kafka-bootstrap HOSTS  Kafka brokers (any Kafka-protocol peer), e.g. localhost:9092
          --input-topic T      read events from topic T, one JSON event per message (as in --input files);
                               every partition has its own watermark
          --bounded            stop at the input topic's end as of the start, so the job finishes
          --output-topic T     write the result rows to topic T as JSON (exactly once, in a transaction per
                               checkpoint, with --checkpoint-dir; else at least once)
          --transaction-log FILE  append every step of the output topic's transactions to FILE as JSON lines
                               {id,action,checkpoint,records:[[partition,offset],...]} (an audit trail; one process)
          --postgres CONNECTION  append the rows to a PostgreSQL table instead of --output (q0, q5, q7), e.g.
                               'Host=127.0.0.1;Username=app;Database=app'; exactly once with --checkpoint-dir
                               (the server needs max_prepared_transactions > 0), else committed in batches
          --postgres-table T   the table (default nexmark_QUERY), created when missing

        generate  Writes events 0 .. N-1 of the generator to FILE as JSON lines, in event-number order.
          --events N           number of events (required)
          --output FILE        output file (required)

        produce   Writes events 0 .. N-1 of the generator into Kafka topic T (which must exist), one JSON event per message.
        coordinator, worker  Run the query on a cluster (the secret comes from COMPILED_CLUSTER_SECRET or --secret-file);
                  'Nexmark coordinator --help' and 'Nexmark worker --help' list their options.

        Exit codes: 0 success, 1 the job failed, 2 bad arguments.
        """;
}
