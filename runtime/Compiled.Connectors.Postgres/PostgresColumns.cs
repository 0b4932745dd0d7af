using NpgsqlTypes;

namespace Compiled.Connectors.Postgres;

/// <summary>
/// The typed mapping from a record to table columns: each column has a name and a function reading its value, so
/// writing a row needs no reflection (AOT-safe) and no boxing.
/// </summary>
/// <example>
/// <code>
/// var columns = new PostgresColumns&lt;AuctionCount&gt;()
///     .Key("auction", static r => r.Auction)
///     .Key("window_end", static r => r.WindowEnd)
///     .Add("bids", static r => r.Count);
/// </code>
/// </example>
/// <typeparam name="T">Record type.</typeparam>
public sealed class PostgresColumns<T>
{
    private readonly List<PostgresColumn<T>> _columns = [];

    /// <summary>Number of columns.</summary>
    public int Count => _columns.Count;

    /// <summary>Number of key columns (the upsert conflict target).</summary>
    public int KeyCount => _columns.Count(c => c.IsKey);

    /// <summary>The columns in order.</summary>
    public IReadOnlyList<PostgresColumn<T>> Columns => _columns;

    /// <summary>Maps column <paramref name="name"/> (exact, case-sensitive) to <paramref name="value"/>.</summary>
    /// <param name="name">Column name as stored in the catalog (unquoted, e.g. <c>auction</c>).</param>
    /// <param name="value">Reads the value from a record; null writes SQL NULL. Called from the sink's threads.</param>
    /// <param name="type">The PostgreSQL type to send, when the CLR type's default does not fit (e.g. <see cref="NpgsqlDbType.Jsonb"/> for a string).</param>
    public PostgresColumns<T> Add<TValue>(string name, Func<T, TValue> value, NpgsqlDbType? type = null) => Append(name, value, type, key: false);

    /// <summary>Maps key column <paramref name="name"/>: part of the primary key or unique index that upserts conflict on.</summary>
    /// <inheritdoc cref="Add" path="/param" />
    public PostgresColumns<T> Key<TValue>(string name, Func<T, TValue> value, NpgsqlDbType? type = null) => Append(name, value, type, key: true);

    private PostgresColumns<T> Append<TValue>(string name, Func<T, TValue> value, NpgsqlDbType? type, bool key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);
        if (_columns.Any(c => c.Name == name)) throw new ArgumentException($"Column '{name}' is mapped twice; map each column once.", nameof(name));
        _columns.Add(new PostgresColumn<T, TValue>(name, value, type, key));
        return this;
    }
}

/// <summary>One mapped column.</summary>
/// <typeparam name="T">Record type.</typeparam>
public abstract class PostgresColumn<T>
{
    private protected PostgresColumn(string name, NpgsqlDbType? type, bool isKey)
    {
        Name = name;
        DbType = type;
        IsKey = isKey;
    }

    /// <summary>Column name.</summary>
    public string Name { get; }

    /// <summary>Explicit PostgreSQL type, or null for the CLR type's default.</summary>
    public NpgsqlDbType? DbType { get; }

    /// <summary>Whether the column is part of the upsert key.</summary>
    public bool IsKey { get; }

    /// <summary>The CLR type of the values.</summary>
    public abstract Type ValueType { get; }

    internal abstract Npgsql.NpgsqlParameter CreateParameter();

    internal abstract void Bind(Npgsql.NpgsqlParameter parameter, in T row);

    internal abstract void Write(Npgsql.NpgsqlBinaryImporter importer, in T row);

    internal abstract bool ValueEquals(in T a, in T b);

    internal abstract int ValueHash(in T row);
}

/// <summary>A column whose values have type <typeparamref name="TValue"/>.</summary>
internal sealed class PostgresColumn<T, TValue>(string name, Func<T, TValue> value, NpgsqlDbType? type, bool isKey)
    : PostgresColumn<T>(name, type, isKey)
{
    public override Type ValueType => typeof(TValue);

    internal override Npgsql.NpgsqlParameter CreateParameter()
    {
        var parameter = new Npgsql.NpgsqlParameter<TValue>();
        if (DbType is { } dbType) parameter.NpgsqlDbType = dbType;
        return parameter;
    }

    internal override void Bind(Npgsql.NpgsqlParameter parameter, in T row)
    {
        ((Npgsql.NpgsqlParameter<TValue>)parameter).TypedValue = value(row);
    }

    internal override void Write(Npgsql.NpgsqlBinaryImporter importer, in T row)
    {
        TValue v = value(row);
        if (v is null) importer.WriteNull();
        else if (DbType is { } dbType) importer.Write(v, dbType);
        else importer.Write(v);
    }

    internal override bool ValueEquals(in T a, in T b) => EqualityComparer<TValue>.Default.Equals(value(a), value(b));

    internal override int ValueHash(in T row) => value(row) is { } v ? EqualityComparer<TValue>.Default.GetHashCode(v) : 0;
}
