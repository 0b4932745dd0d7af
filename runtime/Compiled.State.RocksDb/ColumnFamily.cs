using Compiled.State.RocksDb.Interop;

namespace Compiled.State.RocksDb;

/// <summary>
/// An open column family of a <see cref="RocksDatabase"/>: a separately ordered key space with its own
/// memtables and SST files. Obtained from the database, owned by it (closed when the database is disposed or
/// the family dropped); pass it to the database's operations. Using it afterwards throws
/// <see cref="ObjectDisposedException"/>.
/// </summary>
public sealed class ColumnFamily
{
    internal ColumnFamily(RocksDatabase database, string name, ColumnFamilyHandle handle)
    {
        Database = database;
        Name = name;
        Handle = handle;
    }

    /// <summary>The column family's name (<c>default</c> for the default one).</summary>
    public string Name { get; }

    /// <summary>The database this column family belongs to.</summary>
    public RocksDatabase Database { get; }

    /// <summary>False once the family was dropped or its database disposed.</summary>
    public bool IsOpen => !Handle.IsClosed;

    internal ColumnFamilyHandle Handle { get; }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
