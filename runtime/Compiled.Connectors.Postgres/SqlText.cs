using System.Text;

namespace Compiled.Connectors.Postgres;

/// <summary>SQL text the sink sends: quoted names and the INSERT / COPY statements of a mapping.</summary>
internal static class SqlText
{
    /// <summary>A quoted identifier: the exact (case-sensitive) name.</summary>
    public static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>A string literal (standard-conforming: only quotes are doubled).</summary>
    public static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary><c>COPY table (columns) FROM STDIN (FORMAT BINARY)</c>.</summary>
    public static string Copy<T>(string table, PostgresColumns<T> columns) =>
        $"COPY {table} ({ColumnList(columns)}) FROM STDIN (FORMAT BINARY)";

    /// <summary>
    /// <c>INSERT INTO table (columns) VALUES ($1, …), (…)</c> for <paramref name="rows"/> rows with positional
    /// parameters, plus <c>ON CONFLICT (keys) DO UPDATE</c> of the other columns when <paramref name="upsert"/>.
    /// </summary>
    public static string Insert<T>(string table, PostgresColumns<T> columns, int rows, bool upsert)
    {
        var sql = new StringBuilder();
        sql.Append("INSERT INTO ").Append(table).Append(" (").Append(ColumnList(columns)).Append(") VALUES ");
        int parameter = 1;
        for (int r = 0; r < rows; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (int c = 0; c < columns.Count; c++) sql.Append(c == 0 ? "$" : ", $").Append(parameter++);
            sql.Append(')');
        }
        if (!upsert) return sql.ToString();

        sql.Append(" ON CONFLICT (")
           .AppendJoin(", ", columns.Columns.Where(c => c.IsKey).Select(c => Identifier(c.Name)))
           .Append(')');
        var updated = columns.Columns.Where(c => !c.IsKey).Select(c => $"{Identifier(c.Name)} = EXCLUDED.{Identifier(c.Name)}").ToList();
        if (updated.Count == 0) sql.Append(" DO NOTHING");
        else sql.Append(" DO UPDATE SET ").AppendJoin(", ", updated);
        return sql.ToString();
    }

    private static string ColumnList<T>(PostgresColumns<T> columns) => string.Join(", ", columns.Columns.Select(c => Identifier(c.Name)));
}
