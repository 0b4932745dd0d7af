using System.Globalization;
using Compiled.State.Snapshots;
using Npgsql;

namespace Compiled.Connectors.Postgres;

/// <summary>
/// The prepared transactions of one sink: their global ids (<c>prefix:subtask:checkpoint</c>, stable across
/// restarts, so a restored writer finds what an earlier attempt prepared), the checkpoint state that lists them, and
/// the statements that commit, roll back and find them.
/// </summary>
/// <param name="prefix">The sink's transaction-id prefix (without the trailing separator).</param>
internal sealed class PreparedTransactions(string prefix)
{
    private const byte StateVersion = 1;
    private readonly string _prefix = prefix + ":";

    /// <summary>The global id of the transaction subtask <paramref name="subtask"/> prepares at checkpoint <paramref name="checkpointId"/>.</summary>
    public string Id(int subtask, long checkpointId) =>
        string.Create(CultureInfo.InvariantCulture, $"{_prefix}{subtask}:{checkpointId}");

    /// <summary>The writer subtask that prepared <paramref name="gid"/>, or -1 when the id is not this sink's.</summary>
    public int SubtaskOf(string gid)
    {
        if (!gid.StartsWith(_prefix, StringComparison.Ordinal)) return -1;
        var rest = gid.AsSpan(_prefix.Length);
        int colon = rest.IndexOf(':');
        return colon > 0 && int.TryParse(rest[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out int subtask)
            && long.TryParse(rest[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out _) ? subtask : -1;
    }

    /// <summary>PREPARE TRANSACTION: the open transaction survives this session and any crash until committed or rolled back.</summary>
    public static void Prepare(NpgsqlConnection connection, string gid) => Execute(connection, "PREPARE TRANSACTION " + SqlText.Literal(gid));

    /// <summary>COMMIT PREPARED (from any session of the same database).</summary>
    public static void Commit(NpgsqlConnection connection, string gid) => Execute(connection, "COMMIT PREPARED " + SqlText.Literal(gid));

    /// <summary>ROLLBACK PREPARED.</summary>
    public static void Rollback(NpgsqlConnection connection, string gid) => Execute(connection, "ROLLBACK PREPARED " + SqlText.Literal(gid));

    /// <summary>The ids of this sink's transactions now prepared in the connection's database.</summary>
    public List<string> Find(NpgsqlConnection connection)
    {
        using var command = new NpgsqlCommand("SELECT gid FROM pg_prepared_xacts WHERE database = current_database() AND starts_with(gid, $1) ORDER BY gid", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _prefix });
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read()) ids.Add(reader.GetString(0));
        return ids;
    }

    /// <summary>
    /// After a restore (or a fresh start: nothing covered), settles every prepared transaction of the previous writers
    /// this one takes over — those whose subtask modulo <paramref name="parallelism"/> is <paramref name="subtask"/>:
    /// commits the ones the restored checkpoint covered and rolls back the rest, which were prepared after it and
    /// whose records will be written again. Covered ids no longer prepared were committed before the failure.
    /// </summary>
    /// <returns>How many were committed and rolled back.</returns>
    public (int Committed, int RolledBack) Settle(NpgsqlConnection connection, int subtask, int parallelism, IReadOnlySet<string> covered)
    {
        int committed = 0, rolledBack = 0;
        foreach (string gid in Find(connection))
        {
            int owner = SubtaskOf(gid);
            if (owner < 0 || owner % parallelism != subtask) continue;
            if (covered.Contains(gid))
            {
                Commit(connection, gid);
                committed++;
            }
            else
            {
                Rollback(connection, gid);
                rolledBack++;
            }
        }
        return (committed, rolledBack);
    }

    /// <summary>Checkpoint state: the prepared, not yet committed transactions (checkpoint id and global id).</summary>
    public static byte[] Encode(IReadOnlyList<(long Checkpoint, string Gid)> pending)
    {
        var writer = new SnapshotWriter();
        writer.WriteVarLong(StateVersion);
        writer.WriteVarLong(pending.Count);
        foreach (var (checkpoint, gid) in pending)
        {
            writer.WriteVarLong(checkpoint);
            writer.WriteString(gid);
        }
        return writer.Written.ToArray();
    }

    /// <summary>Reads what <see cref="Encode"/> wrote: the global ids a checkpoint covers (none in an at-least-once writer's empty state).</summary>
    public static List<string> Decode(ReadOnlySpan<byte> state)
    {
        if (state.IsEmpty) return [];
        var reader = new SnapshotReader(state);
        long version = reader.ReadVarLong();
        if (version != StateVersion) throw new InvalidDataException($"PostgreSQL sink state has version {version}; this version reads {StateVersion}.");
        long count = reader.ReadVarLong();
        var ids = new List<string>();
        for (long i = 0; i < count; i++)
        {
            reader.ReadVarLong();
            ids.Add(reader.ReadString() ?? throw new InvalidDataException("PostgreSQL sink state holds a null transaction id."));
        }
        return ids;
    }

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
