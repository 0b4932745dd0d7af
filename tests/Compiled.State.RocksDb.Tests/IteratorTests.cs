namespace Compiled.State.RocksDb.Tests;

public class IteratorTests
{
    private static int Compare(byte[] a, byte[] b) => a.AsSpan().SequenceCompareTo(b);

    [Fact]
    public void Iteration_order_is_bytewise_unsigned()
    {
        using var dir = new TempDir();
        using var db = RocksDatabase.Open(dir.Sub("db"));
        var cf = db.DefaultColumnFamily;
        var rng = new Random(1234);
        var keys = new HashSet<string>();
        var expected = new List<byte[]>
        {
            Bytes.Of(), Bytes.Of(0), Bytes.Of(0, 0), Bytes.Of(0x7F), Bytes.Of(0x80), Bytes.Of(0xFF), Bytes.Of(0xFF, 0),
            Bytes.Of(1, 0xFF), Bytes.Of(2), // [1,255] < [2]: bytewise, not by length
        };
        while (expected.Count < 500)
        {
            var k = new byte[rng.Next(0, 6)];
            rng.NextBytes(k);
            expected.Add(k);
        }
        expected = expected.DistinctBy(Convert.ToHexString).ToList();
        foreach (var k in expected) db.Put(cf, k, [.. k, 0xAA]);
        expected.Sort(Compare);

        var seen = new List<byte[]>();
        using (var it = db.NewIterator(cf))
        {
            for (it.SeekToFirst(); it.Valid; it.Next())
            {
                seen.Add(it.Key.ToArray());
                Assert.Equal([.. it.Key, 0xAA], it.Value.ToArray());
            }
            Assert.Equal(expected.Select(Convert.ToHexString), seen.Select(Convert.ToHexString));

            // And backwards.
            var reversed = new List<byte[]>();
            for (it.SeekToLast(); it.Valid; it.Prev()) reversed.Add(it.Key.ToArray());
            reversed.Reverse();
            Assert.Equal(seen.Select(Convert.ToHexString), reversed.Select(Convert.ToHexString));
        }
    }

    [Fact]
    public void Seek_to_a_prefix_visits_exactly_the_keys_with_that_prefix()
    {
        using var dir = new TempDir();
        using var db = RocksDatabase.Open(dir.Sub("db"));
        var cf = db.DefaultColumnFamily;
        byte[][] all =
        [
            [1], [1, 0xFF, 0xFF],
            [2], [2, 0], [2, 0, 5], [2, 7], [2, 0xFF],
            [3], [3, 0],
        ];
        foreach (var k in all) db.Put(cf, k, k);
        byte[] prefix = [2];

        var found = new List<string>();
        using (var it = db.NewIterator(cf))
        {
            for (it.Seek(prefix); it.Valid && it.Key.StartsWith(prefix); it.Next()) found.Add(Convert.ToHexString(it.Key));
            Assert.Equal(["02", "0200", "020005", "0207", "02FF"], found);

            // Seek lands on the first key >= target, also when the target itself is absent.
            it.Seek([2, 1]);
            Assert.True(it.Valid);
            Assert.Equal([2, 7], it.Key.ToArray());
            it.Seek([4]);
            Assert.False(it.Valid);
            Assert.Throws<InvalidOperationException>(() => it.Key.ToArray());
        }

        // With an upper bound (prefix + 1) the iterator stops by itself.
        found.Clear();
        using (var it = db.NewIterator(cf, [3]))
        {
            for (it.Seek(prefix); it.Valid; it.Next()) found.Add(Convert.ToHexString(it.Key));
            it.SeekToLast();
            Assert.Equal([2, 0xFF], it.Key.ToArray());
        }
        Assert.Equal(["02", "0200", "020005", "0207", "02FF"], found);
    }

    [Fact]
    public void An_iterator_reads_the_snapshot_taken_when_it_was_opened()
    {
        using var dir = new TempDir();
        using var db = RocksDatabase.Open(dir.Sub("db"));
        var cf = db.DefaultColumnFamily;
        db.Put(cf, [1], [1]);
        using var it = db.NewIterator(cf);
        db.Put(cf, [2], [2]);
        db.Delete(cf, [1]);
        it.SeekToFirst();
        Assert.Equal([1], it.Key.ToArray());
        it.Next();
        Assert.False(it.Valid);
    }

    [Fact]
    public void An_iterator_left_open_is_closed_by_the_database()
    {
        using var dir = new TempDir();
        var db = RocksDatabase.Open(dir.Sub("db"));
        db.Put(db.DefaultColumnFamily, [1], [1]);
        var it = db.NewIterator(db.DefaultColumnFamily);
        it.SeekToFirst();
        db.Dispose();
        Assert.False(it.Valid);
        Assert.Throws<ObjectDisposedException>(() => it.Key.ToArray());
        Assert.Throws<ObjectDisposedException>(() => it.SeekToFirst());
        it.Dispose();
        // The database really closed (lock released): it opens again.
        using var again = RocksDatabase.Open(dir.Sub("db"));
        Assert.Equal([1], again.Get(again.DefaultColumnFamily, [1]));
    }
}
