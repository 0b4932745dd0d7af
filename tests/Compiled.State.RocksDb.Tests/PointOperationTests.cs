using System.Buffers;
using Compiled.State.RocksDb.Interop;

namespace Compiled.State.RocksDb.Tests;

public class PointOperationTests
{
    public static TheoryData<byte[], byte[]> BinaryPairs => new()
    {
        { [], [1, 2, 3] },                        // empty key
        { [0], [0] },                             // a single zero byte
        { [0, 0], [] },                           // distinct from [0]; empty value
        { [0, 1, 0], [0, 0, 0, 0, 0] },           // zero bytes inside key and value
        { [0xFF, 0x00, 0xFF], [0xFF] },
        { Bytes.Utf8("key"), new byte[100_000] }, // a value larger than a block
    };

    [Theory]
    [MemberData(nameof(BinaryPairs))]
    public void Put_get_delete_round_trip_binary_keys(byte[] key, byte[] value)
    {
        using var dir = new TempDir();
        using var db = RocksDatabase.Open(dir.Sub("db"));
        var cf = db.DefaultColumnFamily;
        // Neighbours that differ only by zero bytes must stay distinct.
        db.Put(cf, [.. key, 0], Bytes.Of(42));
        Assert.Null(db.Get(cf, key));

        db.Put(cf, key, value);
        Assert.Equal(value, db.Get(cf, key));
        Assert.Equal(Bytes.Of(42), db.Get(cf, [.. key, 0]));

        var buffer = new byte[value.Length + 10];
        Assert.True(db.TryGet(cf, key, buffer, out int length));
        Assert.Equal(value.Length, length);
        Assert.Equal(value, buffer[..length]);

        var writer = new ArrayBufferWriter<byte>();
        Assert.True(db.TryGet(cf, key, writer));
        Assert.Equal(value, writer.WrittenSpan.ToArray());

        db.Delete(cf, key);
        Assert.Null(db.Get(cf, key));
        Assert.False(db.TryGet(cf, key, buffer, out length));
        Assert.Equal(0, length);
        writer.ResetWrittenCount();
        Assert.False(db.TryGet(cf, key, writer));
        Assert.Equal(0, writer.WrittenCount);
        Assert.Equal(Bytes.Of(42), db.Get(cf, [.. key, 0]));
    }

    [Fact]
    public void TryGet_into_a_too_small_buffer_reports_the_length_and_copies_nothing()
    {
        using var dir = new TempDir();
        using var db = RocksDatabase.Open(dir.Sub("db"));
        db.Put(db.DefaultColumnFamily, Bytes.Of(1), Bytes.Of(1, 2, 3, 4, 5));
        var small = new byte[3];
        Assert.True(db.TryGet(db.DefaultColumnFamily, Bytes.Of(1), small, out int length));
        Assert.Equal(5, length);
        Assert.Equal(new byte[3], small);
    }

    [Fact]
    public void Overwrite_replaces_the_value()
    {
        using var dir = new TempDir();
        using var db = RocksDatabase.Open(dir.Sub("db"));
        var cf = db.DefaultColumnFamily;
        db.Put(cf, Bytes.Of(7), Bytes.Of(1));
        db.Put(cf, Bytes.Of(7), Bytes.Of(2, 2));
        Assert.Equal(Bytes.Of(2, 2), db.Get(cf, Bytes.Of(7)));
    }

    [Fact]
    public void DeleteRange_removes_exactly_begin_inclusive_to_end_exclusive()
    {
        using var dir = new TempDir();
        using var db = RocksDatabase.Open(dir.Sub("db"));
        var cf = db.DefaultColumnFamily;
        for (int i = 0; i < 100; i++) db.Put(cf, Bytes.BigEndian(i), Bytes.BigEndian(i));
        db.Put(cf, [.. Bytes.BigEndian(19), 0xFF, 0xFF], Bytes.Of(1)); // extends 19: inside the range
        db.Put(cf, [.. Bytes.BigEndian(20), 0x00], Bytes.Of(1));       // extends 20: after the end key

        db.DeleteRange(cf, Bytes.BigEndian(10), Bytes.BigEndian(20));
        db.Flush(); // also across a flush to SST files
        for (int i = 0; i < 100; i++)
            Assert.Equal(i is >= 10 and < 20, db.Get(cf, Bytes.BigEndian(i)) is null);
        Assert.Null(db.Get(cf, [.. Bytes.BigEndian(19), 0xFF, 0xFF]));
        Assert.NotNull(db.Get(cf, [.. Bytes.BigEndian(20), 0x00]));

        using var it = db.NewIterator(cf);
        int count = 0;
        for (it.SeekToFirst(); it.Valid; it.Next()) count++;
        Assert.Equal(100 - 10 + 1, count);

        // An empty range is a no-op; a reversed one is refused.
        db.DeleteRange(cf, Bytes.BigEndian(30), Bytes.BigEndian(30));
        Assert.NotNull(db.Get(cf, Bytes.BigEndian(30)));
        var ex = Assert.Throws<RocksDbException>(() => db.DeleteRange(cf, Bytes.BigEndian(50), Bytes.BigEndian(40)));
        Assert.Contains("end key sorts before the begin key", ex.Message);
        Assert.NotNull(db.Get(cf, Bytes.BigEndian(45)));
    }

    [Theory]
    [InlineData(RocksCompression.None)]
    [InlineData(RocksCompression.Snappy)]
    [InlineData(RocksCompression.Lz4)]
    [InlineData(RocksCompression.Zstd)]
    public void Tuning_options_work_with_every_compression(RocksCompression compression)
    {
        using var dir = new TempDir();
        var options = new RocksDbOptions { Compression = compression, WriteBufferSize = 64 * 1024, DisableWal = true, BackgroundThreads = 2 };
        using (var db = RocksDatabase.Open(dir.Sub("db"), options))
        {
            Assert.True(db.WalDisabled);
            var value = new byte[1000];
            for (int i = 0; i < 2000; i++)
            {
                value.AsSpan().Fill((byte)i);
                db.Put(db.DefaultColumnFamily, Bytes.BigEndian(i), value); // ~2 MB through a 64 KB memtable: many flushes
            }
            db.Flush();
        }
        Assert.NotEmpty(Directory.GetFiles(dir.Sub("db"), "*.sst"));
        using (var db = RocksDatabase.Open(dir.Sub("db"), options))
        {
            for (int i = 0; i < 2000; i += 97)
            {
                var v = db.Get(db.DefaultColumnFamily, Bytes.BigEndian(i));
                Assert.NotNull(v);
                Assert.All(v, b => Assert.Equal((byte)i, b));
            }
        }
    }

    [Fact]
    public void The_resolver_loads_the_versioned_soname()
    {
        using var dir = new TempDir();
        using var db = RocksDatabase.Open(dir.Sub("db"));
        Assert.Equal("librocksdb.so.7.8", RocksDbLibrary.LoadedName);
    }

    [Fact]
    public void A_missing_library_names_the_package_to_install()
    {
        var ex = Assert.Throws<DllNotFoundException>(() => RocksDbLibrary.LoadFirst(["libcompiled-does-not-exist.so.1"], out _));
        Assert.Contains("libcompiled-does-not-exist.so.1", ex.Message);
        Assert.Contains("apt-get install -y librocksdb7.8", ex.Message);
    }
}
