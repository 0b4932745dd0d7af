using Compiled.State.RocksDb.Interop;

namespace Compiled.State.RocksDb.Tests;

/// <summary>
/// Native-leak checks with counters, not timings: the binding's count of live native objects, the managed
/// allocation counter of this thread, and glibc's count of malloc()ed bytes. The live-object count and the malloc
/// count are process-wide, so these tests run alone, after the parallel ones.
/// </summary>
[Collection(LeakTestsCollection.Name)]
public class LeakTests
{
    [Fact]
    public void Every_native_object_is_freed_when_its_owner_is_disposed()
    {
        using var dir = new TempDir();
        long baseline = RocksHandle.LiveCount;
        for (int round = 0; round < 3; round++)
        {
            var db = RocksDatabase.Open(dir.Sub("db"), new RocksDbOptions { ColumnFamilies = ["a", "b"] });
            Assert.True(RocksHandle.LiveCount > baseline);
            var a = db.GetColumnFamily("a");
            db.Put(a, Bytes.Of(1), Bytes.Of(1));
            using (var it = db.NewIterator(a, Bytes.Of(9))) it.SeekToFirst();
            var leftOpen = db.NewIterator(a);           // closed by the database
            using (var batch = new RocksWriteBatch())
            {
                batch.Put(a, Bytes.Of(2), Bytes.Of(2));
                db.Write(batch);
            }
            var c = db.CreateColumnFamily("c" + round);
            db.DropColumnFamily(c);
            db.CreateCheckpoint(dir.Sub("chk" + round));
            Assert.Throws<RocksDbException>(() => RocksDatabase.Open(dir.Sub("db"))); // error path: locked
            db.Dispose();
            Assert.False(leftOpen.Valid);
            Assert.Equal(baseline, RocksHandle.LiveCount);
        }
    }

    [Fact]
    public void A_hundred_thousand_gets_with_reused_buffers_allocate_nothing_per_call()
    {
        using var dir = new TempDir();
        using var db = RocksDatabase.Open(dir.Sub("db"), new RocksDbOptions { DisableWal = true });
        var cf = db.DefaultColumnFamily;
        for (int i = 0; i < 1000; i++) db.Put(cf, Bytes.BigEndian(i), new byte[64]);
        db.Flush(); // reads go through SST blocks (pinned in the block cache), not only the memtable

        var key = new byte[4];
        var value = new byte[64];
        var writer = new System.Buffers.ArrayBufferWriter<byte>(64);
        void Loop(int count)
        {
            for (int i = 0; i < count; i++)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(key, i % 1100); // ~9% misses
                db.TryGet(cf, key, value, out _);
                writer.ResetWrittenCount();
                db.TryGet(cf, key, writer);
            }
        }
        Loop(50_000); // warm up: JIT, block cache, thread-local caches

        long handles = RocksHandle.LiveCount;
        // The native heap is the whole process's: other threads (the JIT compiling in the background, the runtime,
        // RocksDB's own threads) allocate meanwhile, once in a while by 2 MB. A leak grows it in every round, so the
        // smallest growth of three rounds is what counts.
        var nativeDeltas = new List<long>();
        for (int round = 0; round < 3; round++)
        {
            long managed = GC.GetAllocatedBytesForCurrentThread();
            long? native = NativeHeap.AllocatedBytes();
            Loop(100_000);
            long managedDelta = GC.GetAllocatedBytesForCurrentThread() - managed;
            if (NativeHeap.AllocatedBytes() - native is long delta) nativeDeltas.Add(delta);

            Assert.Equal(handles, RocksHandle.LiveCount);
            // Zero per call: one allocation per get would be >= 24 B x 200k = 4.8 MB. The allowance is for one-off
            // runtime work on this thread (tiered JIT call counting, measured at ~1.7 KB once, 0 thereafter).
            Assert.True(managedDelta < 4096, $"managed allocations over 200k gets: {managedDelta} bytes");
        }
        // 200k lookups per round: leaking even one pinnable slice (~100 bytes) or one error string per lookup would add
        // >= 10 MB to every round. The allowance covers unrelated runtime and RocksDB background allocations.
        if (nativeDeltas.Count > 0)
            Assert.True(nativeDeltas.Min() < 2 * 1024 * 1024, $"native heap grew by {string.Join(", ", nativeDeltas)} bytes over three rounds of 200k gets");
    }
}

/// <summary>Runs <see cref="LeakTests"/> with no other test of the assembly at the same time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LeakTestsCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "native leak checks (alone)";
}
