using System.Diagnostics;
using System.Globalization;
using System.Text;
using Compiled.Benchmarks.Report;
using Compiled.Checkpointing.Storage;
using Compiled.Cluster;
using Compiled.Execution.Checkpoints;
using Compiled.Serialization;
using Compiled.State;
using Compiled.State.Heap;
using Compiled.State.RocksDb.Backend;

namespace Compiled.Benchmarks;

/// <summary>
/// Checkpoint figures of the state backends over N keys of value state: the size of a full checkpoint, of the next
/// incremental one after a fraction of the keys changed, how long the synchronous capture and the asynchronous
/// write take, and how long a restore takes. Both backends in one run, so the ratios compare.
/// </summary>
internal static class StateBackendFigures
{
    private const int MaxParallelism = 128;

    public static int Run(string[] args)
    {
        long keys = 1_000_000;
        int valueBytes = 100;
        double changed = 0.01;
        string? markdownPath = null;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--keys": keys = long.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--changed": changed = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--value-bytes": valueBytes = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--markdown": markdownPath = args[i + 1]; break;
                default:
                    Console.Error.WriteLine($"Unknown option '{args[i]}'. Usage: state [--keys N] [--value-bytes N] [--changed FRACTION] [--markdown FILE]");
                    return 2;
            }
        }
        string work = Path.Combine(Path.GetTempPath(), "compiled-state-figures-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            var heap = Measure("heap", HeapStateBackend.Instance, StringValues(valueBytes), keys, changed, work);
            var rocks = Measure("rocksdb", new RocksDbStateBackend(Path.Combine(work, "local")), StringValues(valueBytes), keys, changed, work);
            var heapMutable = Measure("heap, mutable class", HeapStateBackend.Instance, MutableValues(valueBytes), keys, changed, work);
            string markdown = Markdown(keys, valueBytes, changed, string.Join(' ', args), [heap, rocks, heapMutable]);
            Console.WriteLine(markdown);
            if (markdownPath is not null) MarkdownSections.Write(markdownPath, "state-backends", markdown);
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private sealed record Figures(string Backend, long FullBytes, long IncrementalBytes, double FullCaptureMs, double FullWriteMs,
        double IncrementalCaptureMs, double IncrementalWriteMs, double RestoreMs, double FillSeconds);

    /// <summary>A value of <paramref name="length"/> characters that differs per key and does not compress to nothing.</summary>
    private static string Value(long key, int length)
    {
        var random = new Random((int)key);
        return string.Create(length, random, static (span, r) =>
        {
            for (int i = 0; i < span.Length; i++) span[i] = (char)('a' + r.Next(26));
        });
    }

    /// <summary>How a measurement fills and changes its state: <c>Open</c> gives, for a backend, an update of the current key
    /// (false: first write, true: a change) and a check that the current key has a value.</summary>
    private sealed record Workload(string Description, Func<KeyedStateBackend<long>, (Action<long, bool> Update, Func<bool> HasValue)> Open);

    /// <summary>Immutable values: a new string per write.</summary>
    private static Workload StringValues(int valueBytes) => new($"`ValueState<string>` ({valueBytes} random letters each)", backend =>
    {
        var state = backend.ForNamespace<VoidNamespace>().GetState(new ValueStateDescriptor<string>("value"));
        return ((key, change) => state.Update(Value(change ? -key - 1 : key, valueBytes)), () => state.HasValue);
    });

    /// <summary>Values of a mutable class, changed in place (as user functions do with their accumulators).</summary>
    private static Workload MutableValues(int valueBytes) => new($"`ValueState<TallyValue>` (a mutable class: {valueBytes} letters, counters, changed in place)", backend =>
    {
        var state = backend.ForNamespace<VoidNamespace>().GetState(new ValueStateDescriptor<TallyValue>("tally"));
        return ((key, change) =>
        {
            if (!change)
            {
                state.Update(new TallyValue { Label = Value(key, valueBytes), Recent = [key] });
                return;
            }
            var tally = state.Value!;
            tally.Count++;
            tally.Recent.Add(key);
        }, () => state.HasValue);
    });

    private static Figures Measure(string name, IStateBackend stateBackend, Workload workload, long keys, double changed, string work)
    {
        Console.Error.WriteLine($"{name}: {keys} keys ...");
        var storage = new FileCheckpointStorage(Path.Combine(work, name + "-checkpoints"), retained: 2);
        var parameters = new KeyedBackendParameters<long>("figures", 0, KeySerializers.Get<long>(), new KeyGroupRange(0, MaxParallelism - 1), MaxParallelism, () => 0);
        long fullBytes, incrementalBytes;
        double fullCapture, fullWrite, incrementalCapture, incrementalWrite, fill;
        using (var backend = stateBackend.CreateKeyedBackend(parameters))
        {
            var (update, _) = workload.Open(backend);
            var clock = Stopwatch.StartNew();
            for (long key = 0; key < keys; key++)
            {
                backend.SetCurrentKey(key);
                update(key, false);
            }
            fill = clock.Elapsed.TotalSeconds;
            (fullBytes, fullCapture, fullWrite) = Checkpoint(backend, storage, 1);
            var random = new Random(7);
            for (long i = 0; i < (long)(keys * changed); i++)
            {
                long key = random.NextInt64(keys);
                backend.SetCurrentKey(key);
                update(key, true);
            }
            (incrementalBytes, incrementalCapture, incrementalWrite) = Checkpoint(backend, storage, 2);
        }
        var latest = storage.LoadLatest(out _)!;
        var restoreClock = Stopwatch.StartNew();
        using (var restored = stateBackend.CreateKeyedBackend(parameters))
        {
            var snapshot = OperatorSnapshot.Decode(latest.ReadState(latest.Metadata.States.Single()));
            var incremental = snapshot.Incremental is { } inc
                ? new[] { inc with { Files = [.. inc.Files.Select(f => new State.Snapshots.SnapshotFile(f.Name, latest.FullPathOf(new FileHandle(f.StoragePath!, f.Length, f.Crc32C, f.SharedName)), f.Length, f.Crc32C, f.SharedName))] } }
                : [];
            if (incremental.Length > 0) restored.RestoreIncremental(incremental);
            foreach (var (group, bytes) in snapshot.KeyGroups)
            {
                var reader = new State.Snapshots.SnapshotReader(bytes);
                var stateBytes = reader.ReadBytes();
                if (stateBytes.Length > 0) restored.RestoreKeyGroup(group, stateBytes);
            }
            var (_, hasValue) = workload.Open(restored);
            restored.SetCurrentKey(keys - 1);
            if (!hasValue()) throw new InvalidOperationException($"{name}: the restored state lacks key {keys - 1}.");
        }
        double restore = restoreClock.Elapsed.TotalMilliseconds;
        return new Figures(name, fullBytes, incrementalBytes, fullCapture, fullWrite, incrementalCapture, incrementalWrite, restore, fill);
    }

    /// <summary>Takes checkpoint <paramref name="id"/> as a task and the writer thread do; returns the bytes it added to storage and the two phases' times.</summary>
    private static (long Bytes, double CaptureMs, double WriteMs) Checkpoint(KeyedStateBackend<long> backend, FileCheckpointStorage storage, long id)
    {
        long before = StorageBytes(storage.Directory);
        var clock = Stopwatch.StartNew();
        var snapshot = new OperatorSnapshot();
        if (backend.SupportsIncrementalSnapshots) snapshot.Incremental = backend.SnapshotIncremental(id);
        else
        {
            var state = backend.CaptureKeyGroups(); // as a task does at the barrier; serialized on the writer thread
            snapshot.Hold(state);
            for (int group = 0; group < MaxParallelism; group++)
            {
                int keyGroup = group;
                snapshot.Defer(keyGroup, () =>
                {
                    var writer = new State.Snapshots.SnapshotWriter();
                    writer.WriteBytes(state.WriteKeyGroup(keyGroup));
                    writer.WriteBytes([]);
                    return writer.Written.ToArray();
                });
            }
        }
        double capture = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        var checkpoint = storage.Begin(id, "figures");
        SnapshotWriting.Write(checkpoint, "state", 0, snapshot);
        checkpoint.Complete(id);
        double write = clock.Elapsed.TotalMilliseconds;
        backend.NotifyCheckpointComplete(id);
        return (StorageBytes(storage.Directory) - before, capture, write); // retention keeps 2: nothing deleted in between
    }

    private static long StorageBytes(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);

    private static string Markdown(long keys, int valueBytes, double changed, string args, IReadOnlyList<Figures> figures)
    {
        var md = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        md.AppendLine("## State backends: checkpoint size, duration, restore");
        md.AppendLine();
        md.AppendLine(inv, $"Command: `./build.sh bench -- state {args}`. {DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores (shared, noisy).");
        md.AppendLine(inv, $"{keys:N0} keys of {StringValues(valueBytes).Description} over 128 key groups; then {changed:P0} of the keys (random) are");
        md.AppendLine("updated and a second checkpoint taken. Restore = reading the latest checkpoint into a new backend, the state part of the time");
        md.AppendLine("from a restart to processing again.");
        md.AppendLine(inv, $"The last row holds {MutableValues(valueBytes).Description} instead.");
        md.AppendLine();
        md.AppendLine("| backend | fill (s) | full checkpoint | capture / write (ms) | next checkpoint | capture / write (ms) | next / full | restore (ms) |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var f in figures)
        {
            md.AppendLine(inv, $"| {f.Backend} | {f.FillSeconds:F2} | {Mb(f.FullBytes)} | {f.FullCaptureMs:F0} / {f.FullWriteMs:F0} | {Mb(f.IncrementalBytes)} | " +
                $"{f.IncrementalCaptureMs:F0} / {f.IncrementalWriteMs:F0} | {(double)f.IncrementalBytes / f.FullBytes:P1} | {f.RestoreMs:F0} |");
        }
        md.AppendLine();
        md.AppendLine("Capture runs on the task thread (heap: share every table's key-group dictionaries copy-on-write, an array copy per");
        md.AppendLine("table; RocksDB: flush memtables and hard-link the SST files of a native checkpoint); write runs on the checkpoint");
        md.AppendLine("writer thread (heap: serialize the shared dictionaries and write the state file; RocksDB: copy the SST files that");
        md.AppendLine("storage does not hold yet, then the state file). The heap writes everything at every checkpoint.");
        return md.ToString();
    }

    private static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:F2} MB");
}
