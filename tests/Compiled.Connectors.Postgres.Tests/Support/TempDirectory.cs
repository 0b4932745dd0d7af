namespace Compiled.Connectors.Postgres.Tests.Support;

/// <summary>A fresh directory for checkpoints, deleted on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>Full path of the directory.</summary>
    public string Path { get; } = Directory.CreateTempSubdirectory("compiled-pg-tests-").FullName;

    /// <inheritdoc />
    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
