using Npgsql;

namespace Compiled.Connectors.Postgres;

/// <summary>
/// Sends a batch of records over one connection: binary COPY for appends whose column types match exactly, else
/// multi-row INSERT statements (with <c>ON CONFLICT … DO UPDATE</c> for upserts) with positional parameters. Runs
/// inside whatever transaction the connection is in.
/// </summary>
internal sealed class BatchWriter<T> : IDisposable
{
    /// <summary>PostgreSQL's limit on parameters per statement.</summary>
    private const int MaxParameters = 65535;

    private readonly NpgsqlConnection _connection;
    private readonly PostgresColumns<T> _columns;
    private readonly PostgresTable _table;
    private readonly bool _upsert;
    private readonly int _rowsPerStatement;
    private readonly List<T> _latest = [];
    private readonly Dictionary<int, int> _keyPositions;
    private NpgsqlCommand? _fullStatement;

    public BatchWriter(NpgsqlConnection connection, PostgresColumns<T> columns, PostgresTable table, PostgresWriteMode mode, int batchSize)
    {
        _connection = connection;
        _columns = columns;
        _table = table;
        _upsert = mode == PostgresWriteMode.Upsert;
        _rowsPerStatement = Math.Max(1, Math.Min(Math.Min(batchSize, 1000), MaxParameters / columns.Count));
        _keyPositions = new Dictionary<int, int>(new RowKeyComparer(columns, _latest));
    }

    /// <summary>Whether appends go through binary COPY.</summary>
    public bool UsesCopy => !_upsert && _table.CopyCompatible;

    /// <summary>Writes <paramref name="rows"/> in order (an upsert keeps the last row of each key).</summary>
    public void Write(List<T> rows)
    {
        if (rows.Count == 0) return;
        if (UsesCopy) Copy(rows);
        else if (_upsert) Insert(LatestPerKey(rows));
        else Insert(rows);
    }

    private void Copy(List<T> rows)
    {
        using var importer = _connection.BeginBinaryImport(SqlText.Copy(_table.Name, _columns));
        var columns = _columns.Columns;
        foreach (var row in rows)
        {
            importer.StartRow();
            for (int c = 0; c < columns.Count; c++) columns[c].Write(importer, row);
        }
        importer.Complete();
    }

    private void Insert(List<T> rows)
    {
        for (int start = 0; start < rows.Count; start += _rowsPerStatement)
        {
            int count = Math.Min(_rowsPerStatement, rows.Count - start);
            if (count == _rowsPerStatement)
            {
                _fullStatement ??= Prepare(CreateStatement(count));
                Execute(_fullStatement, rows, start, count);
            }
            else
            {
                using var statement = CreateStatement(count);
                Execute(statement, rows, start, count);
            }
        }
    }

    private static NpgsqlCommand Prepare(NpgsqlCommand statement)
    {
        statement.Prepare();
        return statement;
    }

    private NpgsqlCommand CreateStatement(int rows)
    {
        var statement = new NpgsqlCommand(SqlText.Insert(_table.Name, _columns, rows, _upsert), _connection);
        for (int r = 0; r < rows; r++)
            foreach (var column in _columns.Columns) statement.Parameters.Add(column.CreateParameter());
        return statement;
    }

    private void Execute(NpgsqlCommand statement, List<T> rows, int start, int count)
    {
        var columns = _columns.Columns;
        int p = 0;
        for (int r = start; r < start + count; r++)
        {
            var row = rows[r];
            for (int c = 0; c < columns.Count; c++) columns[c].Bind(statement.Parameters[p++], row);
        }
        statement.ExecuteNonQuery();
    }

    /// <summary>
    /// One statement cannot update a row twice (<c>ON CONFLICT DO UPDATE command cannot affect row a second time</c>),
    /// so a batch keeps the last record of each key — the row sequential upserts would leave.
    /// </summary>
    private List<T> LatestPerKey(List<T> rows)
    {
        _latest.Clear();
        _keyPositions.Clear();
        foreach (var row in rows)
        {
            _latest.Add(row);
            int index = _latest.Count - 1;
            if (_keyPositions.TryGetValue(index, out int earlier))
            {
                _latest[earlier] = row;
                _latest.RemoveAt(index);
            }
            else _keyPositions.Add(index, index);
        }
        return _latest;
    }

    public void Dispose() => _fullStatement?.Dispose();

    /// <summary>Compares the rows at two positions of a list by their key columns.</summary>
    private sealed class RowKeyComparer(PostgresColumns<T> columns, List<T> rows) : IEqualityComparer<int>
    {
        private readonly PostgresColumn<T>[] _keys = [.. columns.Columns.Where(c => c.IsKey)];

        public bool Equals(int x, int y)
        {
            if (x == y) return true;
            T a = rows[x], b = rows[y];
            foreach (var key in _keys)
                if (!key.ValueEquals(a, b)) return false;
            return true;
        }

        public int GetHashCode(int position)
        {
            T row = rows[position];
            var hash = new HashCode();
            foreach (var key in _keys) hash.Add(key.ValueHash(row));
            return hash.ToHashCode();
        }
    }
}
