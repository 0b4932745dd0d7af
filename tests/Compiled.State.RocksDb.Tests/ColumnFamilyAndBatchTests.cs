namespace Compiled.State.RocksDb.Tests;

public class ColumnFamilyAndBatchTests
{
    [Fact]
    public void Column_families_are_separate_and_persist_across_reopen()
    {
        using var dir = new TempDir();
        string path = dir.Sub("db");
        var options = new RocksDbOptions { ColumnFamilies = ["value-state", "map-state"], DisableWal = true };
        using (var db = RocksDatabase.Open(path, options))
        {
            var value = db.GetColumnFamily("value-state");
            var map = db.GetColumnFamily("map-state");
            var timers = db.CreateColumnFamily("timers");
            Assert.Same(timers, db.GetOrCreateColumnFamily("timers"));
            var doomed = db.GetOrCreateColumnFamily("doomed");
            db.Put(value, Bytes.Of(1), Bytes.Of(10));
            db.Put(map, Bytes.Of(1), Bytes.Of(20));
            db.Put(timers, Bytes.Of(1), Bytes.Of(30));
            db.Put(doomed, Bytes.Of(1), Bytes.Of(40));
            Assert.Null(db.Get(db.DefaultColumnFamily, Bytes.Of(1)));
            db.DropColumnFamily(doomed);
            Assert.False(doomed.IsOpen);
            Assert.Throws<ObjectDisposedException>(() => db.Get(doomed, Bytes.Of(1)));
            Assert.False(db.TryGetColumnFamily("doomed", out _));
            // With the WAL off nothing is flushed explicitly: a clean close must persist the memtables.
        }

        Assert.Equal(["default", "map-state", "timers", "value-state"], RocksDatabase.ListColumnFamilies(path).Order());

        using (var db = RocksDatabase.Open(path)) // no names given: all existing families are opened
        {
            Assert.Equal(["default", "map-state", "timers", "value-state"], db.ColumnFamilies.Select(c => c.Name).Order());
            Assert.Equal(Bytes.Of(10), db.Get(db.GetColumnFamily("value-state"), Bytes.Of(1)));
            Assert.Equal(Bytes.Of(20), db.Get(db.GetColumnFamily("map-state"), Bytes.Of(1)));
            Assert.Equal(Bytes.Of(30), db.Get(db.GetColumnFamily("timers"), Bytes.Of(1)));
            Assert.Throws<KeyNotFoundException>(() => db.GetColumnFamily("doomed"));
        }
    }

    [Fact]
    public void Column_family_misuse_is_reported()
    {
        using var dir = new TempDir();
        using var db = RocksDatabase.Open(dir.Sub("a"), new RocksDbOptions { ColumnFamilies = ["x"] });
        using var other = RocksDatabase.Open(dir.Sub("b"));
        Assert.Contains("already exists", Assert.Throws<RocksDbException>(() => db.CreateColumnFamily("x")).Message);
        var drop = Assert.Throws<RocksDbException>(() => db.DropColumnFamily(db.DefaultColumnFamily));
        Assert.NotNull(drop.NativeMessage); // RocksDB's own refusal
        Assert.Contains("belongs to", Assert.Throws<ArgumentException>(() => db.Put(other.DefaultColumnFamily, Bytes.Of(1), Bytes.Of(1))).Message);
    }

    [Fact]
    public void A_missing_column_family_is_not_created_when_told_not_to()
    {
        using var dir = new TempDir();
        using (RocksDatabase.Open(dir.Sub("db"))) { }
        var ex = Assert.Throws<RocksDbException>(() =>
            RocksDatabase.Open(dir.Sub("db"), new RocksDbOptions { ColumnFamilies = ["absent"], CreateMissingColumnFamilies = false }));
        Assert.Contains("absent", ex.Message);
    }

    [Fact]
    public void A_write_batch_applies_all_its_operations_at_once()
    {
        using var dir = new TempDir();
        using var db = RocksDatabase.Open(dir.Sub("db"), new RocksDbOptions { ColumnFamilies = ["a", "b"] });
        var a = db.GetColumnFamily("a");
        var b = db.GetColumnFamily("b");
        for (int i = 0; i < 10; i++) db.Put(a, Bytes.BigEndian(i), Bytes.Of(0));
        db.Put(b, Bytes.Of(9), Bytes.Of(9));

        using var batch = new RocksWriteBatch();
        batch.Put(a, Bytes.Of(1), Bytes.Of(1));
        batch.Put(b, Bytes.Of(2), Bytes.Of(2));
        batch.Delete(b, Bytes.Of(9));
        batch.DeleteRange(a, Bytes.BigEndian(2), Bytes.BigEndian(8));
        batch.Put(a, Bytes.Of(3), Bytes.Of(3));
        batch.Delete(a, Bytes.Of(3)); // operations apply in order
        Assert.Equal(6, batch.Count);

        using var before = db.NewIterator(a); // a snapshot from before the write
        Assert.Null(db.Get(a, Bytes.Of(1)));
        Assert.Null(db.Get(b, Bytes.Of(2)));
        Assert.NotNull(db.Get(b, Bytes.Of(9)));

        db.Write(batch);
        Assert.Equal(Bytes.Of(1), db.Get(a, Bytes.Of(1)));
        Assert.Equal(Bytes.Of(2), db.Get(b, Bytes.Of(2)));
        Assert.Null(db.Get(b, Bytes.Of(9)));
        Assert.Null(db.Get(a, Bytes.Of(3)));
        for (int i = 0; i < 10; i++) Assert.Equal(i is >= 2 and < 8, db.Get(a, Bytes.BigEndian(i)) is null);

        int oldCount = 0;
        for (before.SeekToFirst(); before.Valid; before.Next()) oldCount++;
        Assert.Equal(10, oldCount);

        batch.Clear();
        Assert.Equal(0, batch.Count);
        batch.Put(a, Bytes.Of(5), Bytes.Of(5));
        db.Write(batch);
        Assert.Equal(Bytes.Of(5), db.Get(a, Bytes.Of(5)));
    }

    [Fact]
    public void A_write_batch_refuses_column_families_of_another_database()
    {
        // RocksDB 7.8 inserts a batch's entries one by one and stops at a column family id it does not know,
        // leaving the earlier entries applied: a batch mixing databases would break atomicity, so it is refused
        // before anything is written.
        using var dir = new TempDir();
        using var db = RocksDatabase.Open(dir.Sub("db"), new RocksDbOptions { ColumnFamilies = ["a"] });
        using var other = RocksDatabase.Open(dir.Sub("other"), new RocksDbOptions { ColumnFamilies = ["x", "y", "z"] });

        using var batch = new RocksWriteBatch();
        batch.Put(db.GetColumnFamily("a"), Bytes.Of(1), Bytes.Of(1));
        var ex = Assert.Throws<ArgumentException>(() => batch.Put(other.GetColumnFamily("z"), Bytes.Of(3), Bytes.Of(3)));
        Assert.Contains("another database", ex.Message);
        Assert.Equal(1, batch.Count);
        Assert.Throws<ArgumentException>(() => other.Write(batch));
        Assert.Null(other.Get(other.DefaultColumnFamily, Bytes.Of(1)));

        db.Write(batch);
        Assert.Equal(Bytes.Of(1), db.Get(db.GetColumnFamily("a"), Bytes.Of(1)));
        batch.Clear(); // unbinds the batch
        batch.Put(other.GetColumnFamily("z"), Bytes.Of(3), Bytes.Of(3));
        other.Write(batch);
        Assert.Equal(Bytes.Of(3), other.Get(other.GetColumnFamily("z"), Bytes.Of(3)));
    }
}
