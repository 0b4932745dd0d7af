using System.Runtime.ExceptionServices;
using Npgsql;

namespace Compiled.Connectors.Postgres;

/// <summary>
/// Commits rows batch by batch: when a batch is full, every <see cref="PostgresSinkOptions.FlushInterval"/> (on a
/// timer, so a quiet stream still shows up), at every checkpoint barrier (so a restore loses nothing) and at the end
/// of input. Each batch is one transaction.
/// </summary>
internal sealed class AtLeastOnceWriter<T> : ISinkWriter<T>, ITwoPhaseCommitWriter
{
    private readonly NpgsqlConnection _connection;
    private readonly BatchWriter<T> _batches;
    private readonly int _batchSize;
    private readonly List<T> _buffer = [];
    private readonly Lock _gate = new();
    private readonly Timer? _timer;
    private ExceptionDispatchInfo? _timerFailure;
    private bool _disposed;

    public AtLeastOnceWriter(NpgsqlConnection connection, BatchWriter<T> batches, PostgresSinkOptions options)
    {
        _connection = connection;
        _batches = batches;
        _batchSize = options.BatchSize;
        if (options.FlushInterval > TimeSpan.Zero) _timer = new Timer(static w => ((AtLeastOnceWriter<T>)w!).FlushOnTimer(), this, options.FlushInterval, options.FlushInterval);
    }

    public void Write(in T value, long timestamp)
    {
        lock (_gate)
        {
            _timerFailure?.Throw();
            _buffer.Add(value);
            if (_buffer.Count >= _batchSize) Flush();
        }
    }

    /// <summary>Writes the buffered rows in one transaction. Called under the gate.</summary>
    private void Flush()
    {
        if (_buffer.Count == 0) return;
        using (var transaction = _connection.BeginTransaction())
        {
            _batches.Write(_buffer);
            transaction.Commit();
        }
        _buffer.Clear();
    }

    private void FlushOnTimer()
    {
        lock (_gate)
        {
            if (_disposed || _timerFailure is not null) return;
            try
            {
                Flush();
            }
            catch (Exception ex)
            {
                // Rethrown on the task thread by the next write, barrier or end of input: the job fails there.
                _timerFailure = ExceptionDispatchInfo.Capture(ex);
            }
        }
    }

    public byte[] PreCommit(long checkpointId)
    {
        lock (_gate)
        {
            _timerFailure?.Throw();
            Flush();
        }
        return [];
    }

    public void Commit(long checkpointId) { }

    public void Recover(ReadOnlySpan<byte> state) { }

    public void RecoverRescaled(int subtask, int parallelism, IReadOnlyDictionary<int, byte[]> previousStates) { }

    public void Finish() => PreCommit(0);

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
        }
        _timer?.Dispose(); // a callback already waiting for the gate sees _disposed and returns
        _batches.Dispose();
        _connection.Dispose();
    }
}
