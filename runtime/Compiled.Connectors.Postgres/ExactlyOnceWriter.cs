using Npgsql;

namespace Compiled.Connectors.Postgres;

/// <summary>
/// Two-phase commit tied to checkpoints. Rows between two barriers go into one transaction, sent in batches; at the
/// barrier the transaction is prepared (<c>PREPARE TRANSACTION 'prefix:subtask:checkpoint'</c>) and its id goes into
/// the checkpoint; when the checkpoint completes it is committed (<c>COMMIT PREPARED</c>). A restore commits the
/// prepared transactions the checkpoint lists and rolls back this writer's others; a fresh start rolls back all of
/// this writer's leftovers.
/// </summary>
/// <remarks>
/// A prepared transaction keeps its row locks until committed, and only this writer's task thread commits it — so
/// while one is waiting for its checkpoint to complete, new rows stay buffered here instead of being sent, else an
/// upsert of a row it holds would wait forever for a commit queued behind it. The coordinator completes a checkpoint
/// (and queues the commit) before it starts the next one, so the buffer holds at most the rows of one checkpoint's
/// completion time; a barrier that still finds an earlier transaction uncommitted (its checkpoint was aborted) sends
/// the rows anyway, and a lock wait there ends with the lock timeout and a restart.
/// </remarks>
internal sealed class ExactlyOnceWriter<T> : ISinkWriter<T>, ITwoPhaseCommitWriter
{
    private readonly NpgsqlConnection _connection;
    private readonly BatchWriter<T> _batches;
    private readonly PreparedTransactions _transactions;
    private readonly SinkContext _context;
    private readonly int _batchSize;
    private readonly string _table;
    private readonly List<T> _buffer = [];
    private readonly List<(long Checkpoint, string Gid)> _pending = [];
    private bool _inTransaction;
    private bool _settled;

    public ExactlyOnceWriter(NpgsqlConnection connection, BatchWriter<T> batches, PostgresSinkOptions options, PreparedTransactions transactions, SinkContext context)
    {
        _connection = connection;
        _batches = batches;
        _transactions = transactions;
        _context = context;
        _batchSize = options.BatchSize;
        _table = options.Table;
    }

    public void Write(in T value, long timestamp)
    {
        SettleOnFreshStart();
        _buffer.Add(value);
        if (_buffer.Count >= _batchSize && _pending.Count == 0) Send();
    }

    /// <summary>Sends the buffered rows into the open transaction (beginning one if needed).</summary>
    private void Send()
    {
        if (_buffer.Count == 0) return;
        if (!_inTransaction)
        {
            Execute("BEGIN");
            _inTransaction = true;
        }
        try
        {
            _batches.Write(_buffer);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            throw new InvalidOperationException(
                $"Writing to {_table} waited longer than the lock timeout for a row another transaction holds ({ex.MessageText}). " +
                "Another writer of this sink or another job holds it in an open or prepared transaction: feed an upsert sink from an operator keyed " +
                "by the upsert key so one writer owns each key, and give every job its own TransactionPrefix.", ex);
        }
        _buffer.Clear();
    }

    public byte[] PreCommit(long checkpointId)
    {
        SettleOnFreshStart();
        Send();
        if (_inTransaction)
        {
            string gid = _transactions.Id(_context.SubtaskIndex, checkpointId);
            PreparedTransactions.Prepare(_connection, gid);
            _inTransaction = false;
            _pending.Add((checkpointId, gid));
        }
        return PreparedTransactions.Encode(_pending);
    }

    public void Commit(long checkpointId)
    {
        int committed = 0;
        foreach (var (checkpoint, gid) in _pending)
        {
            if (checkpoint > checkpointId) break;
            PreparedTransactions.Commit(_connection, gid);
            committed++;
        }
        _pending.RemoveRange(0, committed);
        if (_pending.Count == 0 && _buffer.Count >= _batchSize) Send();
    }

    public void Recover(ReadOnlySpan<byte> state) => Settle([.. PreparedTransactions.Decode(state)]);

    public void RecoverRescaled(int subtask, int parallelism, IReadOnlyDictionary<int, byte[]> previousStates) =>
        Settle([.. previousStates.Where(p => p.Key % parallelism == subtask).SelectMany(p => PreparedTransactions.Decode(p.Value))]);

    /// <summary>Without a restore, every transaction this writer finds prepared is a leftover of an attempt that never checkpointed it.</summary>
    private void SettleOnFreshStart()
    {
        if (!_settled) Settle([]);
    }

    private void Settle(HashSet<string> covered)
    {
        _transactions.Settle(_connection, _context.SubtaskIndex, _context.Parallelism, covered);
        _settled = true;
    }

    /// <summary>End of a bounded input: everything written is final, so earlier prepared transactions commit too.</summary>
    public void Finish()
    {
        SettleOnFreshStart();
        Commit(long.MaxValue);
        Send();
        if (_inTransaction)
        {
            Execute("COMMIT");
            _inTransaction = false;
        }
    }

    private void Execute(string sql)
    {
        using var command = new NpgsqlCommand(sql, _connection);
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        try
        {
            if (_inTransaction && _connection.FullState == System.Data.ConnectionState.Open) Execute("ROLLBACK");
        }
        catch (NpgsqlException)
        {
            // The server rolls back an open transaction of a closed session anyway; prepared ones wait for the restore.
        }
        _batches.Dispose();
        _connection.Dispose();
    }
}
