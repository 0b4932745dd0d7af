using System.Text;
using Compiled.Checkpointing.Storage;
using Compiled.Tests.Support;

namespace Compiled.Tests.Checkpointing;

public class FileCheckpointStorageTests
{
    [Fact]
    public void Crc32CMatchesTheStandardCheckValue()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
        Assert.Equal(0u, Crc32C.Compute([]));
        Assert.Equal(0x8A9136AAu, Crc32C.Compute(new byte[32]));
    }

    [Fact]
    public void ACompletedCheckpointReadsBackEveryState()
    {
        using var dir = new TempDirectory();
        var storage = new FileCheckpointStorage(dir.Path);
        var writer = storage.Begin(1, "job");
        writer.WriteState("window-1", 0, "alpha"u8);
        writer.WriteState("window-1", 1, "beta"u8);
        writer.WriteState("source", 0, []);
        writer.Complete(timestampMillis: 1234);

        var loaded = storage.LoadLatest(out var skipped)!;

        Assert.Empty(skipped);
        Assert.Equal(1, loaded.CheckpointId);
        Assert.Equal("job", loaded.Metadata.JobName);
        Assert.Equal(["source/0", "window-1/0", "window-1/1"], loaded.Metadata.States.Select(s => $"{s.OperatorUid}/{s.Subtask}"));
        Assert.Equal(["", "alpha", "beta"], loaded.Metadata.States.Select(s => Encoding.UTF8.GetString(loaded.ReadState(s))));
    }

    [Fact]
    public void ACheckpointWithoutMetadataIsIncompleteAndIgnored()
    {
        using var dir = new TempDirectory();
        var storage = new FileCheckpointStorage(dir.Path);
        Complete(storage, 1, "first");
        var crashed = storage.Begin(2, "job");
        crashed.WriteState("op", 0, "second"u8); // the process dies before _metadata is written

        Assert.Equal([1L], storage.CompletedIds());
        Assert.Equal(1, storage.LoadLatest(out _)!.CheckpointId);
    }

    [Fact]
    public void AFlippedByteMakesRestoreUseThePreviousCheckpointAndNamesTheFile()
    {
        using var dir = new TempDirectory();
        var storage = new FileCheckpointStorage(dir.Path);
        Complete(storage, 1, "first");
        Complete(storage, 2, "second");
        string file = Path.Combine(storage.PathOf(2), "op-0.state");
        var bytes = File.ReadAllBytes(file);
        bytes[18] ^= 0x40;
        File.WriteAllBytes(file, bytes);

        var loaded = storage.LoadLatest(out var skipped)!;

        Assert.Equal(1, loaded.CheckpointId);
        var message = Assert.Single(skipped);
        Assert.Contains(file, message);
        Assert.Contains("CRC-32C mismatch", message);
        Assert.Equal("first", Encoding.UTF8.GetString(loaded.ReadState(loaded.Metadata.States[0])));
    }

    [Fact]
    public void TruncatedOrCorruptedMetadataIsDetected()
    {
        using var dir = new TempDirectory();
        var storage = new FileCheckpointStorage(dir.Path);
        Complete(storage, 1, "first");
        Complete(storage, 2, "second");
        string metadata = Path.Combine(storage.PathOf(2), FileCheckpointStorage.MetadataFileName);
        var bytes = File.ReadAllBytes(metadata);
        File.WriteAllBytes(metadata, bytes[..(bytes.Length / 2)]);

        var loaded = storage.LoadLatest(out var skipped)!;

        Assert.Equal(1, loaded.CheckpointId);
        Assert.Contains(metadata, Assert.Single(skipped));
        var error = Assert.Throws<CheckpointCorruptedException>(() => FileCheckpointStorage.Load(storage.PathOf(2)));
        Assert.Equal(metadata, error.Path);
    }

    [Fact]
    public void AMissingStateFileIsReported()
    {
        using var dir = new TempDirectory();
        var storage = new FileCheckpointStorage(dir.Path);
        Complete(storage, 1, "first");
        File.Delete(Path.Combine(storage.PathOf(1), "op-0.state"));

        Assert.Null(storage.LoadLatest(out var skipped));
        Assert.Contains("the file is missing", Assert.Single(skipped));
    }

    [Fact]
    public void OnlyTheNewestRetainedCheckpointsAreKept()
    {
        using var dir = new TempDirectory();
        var storage = new FileCheckpointStorage(dir.Path, retained: 2);
        for (int id = 1; id <= 5; id++) Complete(storage, id, "state " + id);

        Assert.Equal([4L, 5L], storage.CompletedIds());
        Assert.False(Directory.Exists(storage.PathOf(3)));
    }

    [Fact]
    public void AnAbortedCheckpointLeavesNothing()
    {
        using var dir = new TempDirectory();
        var storage = new FileCheckpointStorage(dir.Path);
        var writer = storage.Begin(7, "job");
        writer.WriteState("op", 0, "x"u8);

        writer.Abort();

        Assert.False(Directory.Exists(storage.PathOf(7)));
        Assert.Throws<InvalidOperationException>(() => writer.WriteState("op", 1, "y"u8));
        Assert.Null(storage.LoadLatest(out _));
    }

    [Fact]
    public void BadSettingsFailWithAClearMessage()
    {
        using var dir = new TempDirectory();
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new FileCheckpointStorage(dir.Path, retained: 0));
        Assert.Contains("At least one checkpoint must be retained", error.Message);
    }

    private static void Complete(FileCheckpointStorage storage, long id, string state)
    {
        var writer = storage.Begin(id, "job");
        writer.WriteState("op", 0, Encoding.UTF8.GetBytes(state));
        writer.Complete(timestampMillis: id);
    }
}
