using System.Globalization;
using Npgsql;

namespace Compiled.Connectors.Postgres;

/// <summary>
/// The target table as the server describes it, checked against the mapping when a writer starts, so a wrong
/// table, column, key or server setting fails the job at once with a message saying what to change.
/// </summary>
/// <param name="Name">The table's name as the server prints it (quoted where needed), used in statements.</param>
/// <param name="CopyCompatible">Whether every mapped column's value type is exactly the column's type, so binary COPY can write it.</param>
internal sealed record PostgresTable(string Name, bool CopyCompatible)
{
    /// <summary>PostgreSQL type names (as <c>regtype</c> prints them) that binary COPY accepts for a CLR type, without casts.</summary>
    private static readonly Dictionary<Type, string[]> CopyTypes = new()
    {
        [typeof(bool)] = ["boolean"],
        [typeof(short)] = ["smallint"],
        [typeof(int)] = ["integer"],
        [typeof(long)] = ["bigint"],
        [typeof(float)] = ["real"],
        [typeof(double)] = ["double precision"],
        [typeof(decimal)] = ["numeric"],
        [typeof(string)] = ["text", "character varying"],
        [typeof(Guid)] = ["uuid"],
        [typeof(byte[])] = ["bytea"],
        [typeof(DateTimeOffset)] = ["timestamp with time zone"],
        [typeof(DateOnly)] = ["date"],
        [typeof(TimeOnly)] = ["time without time zone"],
    };

    /// <summary>Checks the table, the mapped columns, the upsert key, privileges and — for exactly-once — prepared transactions.</summary>
    /// <exception cref="InvalidOperationException">Something does not fit; the message says what to change.</exception>
    public static PostgresTable Check<T>(NpgsqlConnection connection, PostgresSinkOptions options, PostgresColumns<T> columns, bool exactlyOnce, int parallelism)
    {
        string name = Resolve(connection, options.Table);
        var actual = ColumnTypes(connection, name);
        var missing = columns.Columns.Where(c => !actual.ContainsKey(c.Name)).Select(c => c.Name).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException(
                $"Table {name} has no column {string.Join(", ", missing.Select(m => $"'{m}'"))}; its columns are {string.Join(", ", actual.Keys)}. " +
                "Column names are case-sensitive: map the names as the catalog stores them, or add the columns.");

        if (options.Mode == PostgresWriteMode.Upsert) CheckKey(connection, name, columns);
        CheckPrivilege(connection, name, "INSERT");
        if (options.Mode == PostgresWriteMode.Upsert) CheckPrivilege(connection, name, "UPDATE");
        if (exactlyOnce) CheckPreparedTransactions(connection, parallelism);

        bool copy = columns.Columns.All(c => c.DbType is not null ||
            (CopyTypes.TryGetValue(Nullable.GetUnderlyingType(c.ValueType) ?? c.ValueType, out var types) && types.Contains(actual[c.Name])));
        return new PostgresTable(name, copy);
    }

    private static string Resolve(NpgsqlConnection connection, string table)
    {
        string? name;
        try
        {
            name = Scalar<string?>(connection, "SELECT to_regclass($1)::text", table);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.InvalidName or PostgresErrorCodes.SyntaxError)
        {
            throw new InvalidOperationException($"'{table}' is not a valid table name ({ex.MessageText}): give a name such as results or public.results.", ex);
        }
        return name ?? throw new InvalidOperationException(
            $"Table '{table}' does not exist in database '{connection.Database}' (searched: {Scalar<string>(connection, "SELECT current_setting('search_path')")}): " +
            "create it first, or give its schema-qualified name.");
    }

    private static Dictionary<string, string> ColumnTypes(NpgsqlConnection connection, string table)
    {
        using var command = new NpgsqlCommand(
            "SELECT attname::text, atttypid::regtype::text FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
            connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = table });
        using var reader = command.ExecuteReader();
        var columns = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read()) columns[reader.GetString(0)] = reader.GetString(1);
        return columns;
    }

    private static void CheckKey<T>(NpgsqlConnection connection, string table, PostgresColumns<T> columns)
    {
        var key = columns.Columns.Where(c => c.IsKey).Select(c => c.Name).Order(StringComparer.Ordinal).ToList();
        using var command = new NpgsqlCommand(
            "SELECT array_agg(a.attname::text ORDER BY a.attname::text) FROM pg_index i " +
            "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) " +
            "WHERE i.indrelid = $1::regclass AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL GROUP BY i.indexrelid",
            connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = table });
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var unique = reader.GetFieldValue<string[]>(0).Order(StringComparer.Ordinal);
            if (unique.SequenceEqual(key, StringComparer.Ordinal)) return;
        }
        throw new InvalidOperationException(
            $"Upsert into {table} conflicts on ({string.Join(", ", key)}), but the table has no primary key or unique index on exactly these columns: " +
            $"add one (ALTER TABLE {table} ADD PRIMARY KEY ({string.Join(", ", key.Select(SqlText.Identifier))})) or map the key columns of an existing one with Key(...).");
    }

    private static void CheckPrivilege(NpgsqlConnection connection, string table, string privilege)
    {
        if (Scalar<bool>(connection, $"SELECT has_table_privilege($1, '{privilege}')", table)) return;
        throw new InvalidOperationException(
            $"User '{Scalar<string>(connection, "SELECT current_user::text")}' may not {privilege} into {table}: GRANT {privilege} ON {table} TO that user, or connect as another.");
    }

    private static void CheckPreparedTransactions(NpgsqlConnection connection, int parallelism)
    {
        int max = int.Parse(Scalar<string>(connection, "SELECT current_setting('max_prepared_transactions')"), CultureInfo.InvariantCulture);
        if (max >= parallelism && max > 0) return;
        throw new InvalidOperationException(
            $"Exactly-once needs prepared transactions, but the server allows {max} (max_prepared_transactions) and the sink has {parallelism} writers: " +
            $"set max_prepared_transactions to at least {2 * parallelism} in postgresql.conf and restart the server, or use Guarantee = AtLeastOnce.");
    }

    private static TResult Scalar<TResult>(NpgsqlConnection connection, string sql, string? argument = null)
    {
        using var command = new NpgsqlCommand(sql, connection);
        if (argument is not null) command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = argument });
        object? value = command.ExecuteScalar();
        return value is DBNull or null ? default! : (TResult)value;
    }
}
