using System.Runtime.InteropServices;
using Compiled.State.RocksDb.Interop;

namespace Compiled.State.RocksDb.Tests;

public class CheckpointAndErrorTests
{
    [Fact]
    public void A_checkpoint_of_a_database_without_WAL_restores_everything_from_a_copy()
    {
        using var dir = new TempDir();
        const int n = 20_000;
        using var db = RocksDatabase.Open(dir.Sub("db"), new RocksDbOptions { DisableWal = true, ColumnFamilies = ["s1", "s2"] });
        var s1 = db.GetColumnFamily("s1");
        var s2 = db.GetColumnFamily("s2");
        for (int i = 0; i < n; i++)
        {
            db.Put(s1, Bytes.BigEndian(i), Bytes.BigEndian(i * 3));
            if (i % 2 == 0) db.Put(s2, Bytes.BigEndian(i), Bytes.Utf8("v" + i));
        }
        db.Delete(s1, Bytes.BigEndian(5));
        db.DeleteRange(s1, Bytes.BigEndian(100), Bytes.BigEndian(200));
        // Nothing flushed explicitly: all of it is in memtables only (no WAL either).
        Assert.Empty(Directory.GetFiles(db.Path, "*.sst"));

        db.CreateCheckpoint(dir.Sub("chk-1"));
        // Writes after the checkpoint are not in it.
        db.Put(s1, Bytes.BigEndian(n + 1), Bytes.Of(1));

        // Opening a checkpoint modifies it: open a copy.
        Bytes.CopyDirectory(dir.Sub("chk-1"), dir.Sub("restored"));
        Assert.Equal(["default", "s1", "s2"], RocksDatabase.ListColumnFamilies(dir.Sub("restored")).Order());
        using var restored = RocksDatabase.Open(dir.Sub("restored"));
        var r1 = restored.GetColumnFamily("s1");
        var r2 = restored.GetColumnFamily("s2");
        Span<byte> buffer = stackalloc byte[16];
        for (int i = 0; i < n; i++)
        {
            bool deleted = i == 5 || i is >= 100 and < 200;
            Assert.Equal(!deleted, restored.TryGet(r1, Bytes.BigEndian(i), buffer, out int length));
            if (!deleted)
            {
                Assert.Equal(4, length);
                Assert.Equal(i * 3, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(buffer));
            }
            Assert.Equal(i % 2 == 0 ? Bytes.Utf8("v" + i) : null, restored.Get(r2, Bytes.BigEndian(i)));
        }
        Assert.Null(restored.Get(r1, Bytes.BigEndian(n + 1)));

        // The original keeps working.
        Assert.Equal(Bytes.Of(1), db.Get(s1, Bytes.BigEndian(n + 1)));
    }

    [Fact]
    public void Checkpoint_directory_problems_are_reported_clearly()
    {
        using var dir = new TempDir();
        using var db = RocksDatabase.Open(dir.Sub("db"));
        Directory.CreateDirectory(dir.Sub("exists"));
        Assert.Contains("already exists", Assert.Throws<RocksDbException>(() => db.CreateCheckpoint(dir.Sub("exists"))).Message);
        var ex = Assert.Throws<RocksDbException>(() => db.CreateCheckpoint(Path.Combine(dir.Path, "missing", "chk")));
        Assert.Contains("parent directory", ex.Message);
        Assert.Contains(Path.Combine(dir.Path, "missing"), ex.Message);
    }

    [Fact]
    public void Opening_under_a_missing_parent_names_the_parent()
    {
        using var dir = new TempDir();
        string parent = Path.Combine(dir.Path, "no", "such");
        var ex = Assert.Throws<RocksDbException>(() => RocksDatabase.Open(Path.Combine(parent, "db")));
        Assert.Contains($"the parent directory '{parent}' does not exist", ex.Message);
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "no")));
        // The last component alone is created.
        using (RocksDatabase.Open(dir.Sub("fresh"))) { }
        Assert.True(File.Exists(Path.Combine(dir.Sub("fresh"), "CURRENT")));
    }

    [Fact]
    public void Opening_a_database_twice_fails_with_the_lock_error()
    {
        using var dir = new TempDir();
        using var db = RocksDatabase.Open(dir.Sub("db"));
        var ex = Assert.Throws<RocksDbException>(() => RocksDatabase.Open(dir.Sub("db")));
        Assert.Contains(dir.Sub("db"), ex.Message);
        Assert.Contains("lock", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("IO error", ex.NativeMessage);
    }

    [Fact]
    public void Opening_a_corrupt_database_fails_with_RocksDBs_reason()
    {
        using var dir = new TempDir();
        string path = dir.Sub("db");
        using (var db = RocksDatabase.Open(path)) db.Put(db.DefaultColumnFamily, Bytes.Of(1), Bytes.Of(1));
        string manifest = File.ReadAllText(Path.Combine(path, "CURRENT")).Trim();
        var bytes = File.ReadAllBytes(Path.Combine(path, manifest));
        for (int i = 0; i < bytes.Length; i++) bytes[i] ^= 0x5A;
        File.WriteAllBytes(Path.Combine(path, manifest), bytes);

        var ex = Assert.Throws<RocksDbException>(() => RocksDatabase.Open(path));
        Assert.Contains($"open '{path}' failed", ex.Message);
        Assert.StartsWith("Corruption", ex.NativeMessage);
    }

    [Fact]
    public void Opening_a_missing_database_without_create_if_missing_fails()
    {
        using var dir = new TempDir();
        var ex = Assert.Throws<RocksDbException>(() => RocksDatabase.Open(dir.Sub("db"), new RocksDbOptions { CreateIfMissing = false }));
        Assert.Contains("does not exist", ex.Message);
        Assert.Throws<RocksDbException>(() => RocksDatabase.ListColumnFamilies(dir.Sub("db")));
    }

    [Fact]
    public void Disposed_objects_refuse_use()
    {
        using var dir = new TempDir();
        var db = RocksDatabase.Open(dir.Sub("db"));
        var cf = db.DefaultColumnFamily;
        db.Dispose();
        db.Dispose(); // idempotent
        Assert.False(cf.IsOpen);
        Assert.Throws<ObjectDisposedException>(() => db.Put(cf, Bytes.Of(1), Bytes.Of(1)));
        Assert.Throws<ObjectDisposedException>(() => db.Get(cf, Bytes.Of(1)));
        Assert.Throws<ObjectDisposedException>(() => db.NewIterator(cf));
        Assert.Throws<ObjectDisposedException>(() => db.CreateColumnFamily("x"));
        var batch = new RocksWriteBatch();
        batch.Dispose();
        Assert.Throws<ObjectDisposedException>(() => batch.Count);
    }
}
