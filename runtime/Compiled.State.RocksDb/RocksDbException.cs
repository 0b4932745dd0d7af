namespace Compiled.State.RocksDb;

/// <summary>
/// A RocksDB operation failed. <see cref="Exception.Message"/> names the operation (and the path, where there
/// is one) followed by RocksDB's own status text, which is also available as <see cref="NativeMessage"/>
/// (e.g. <c>"IO error: lock hold by current process ..."</c>, <c>"Corruption: ..."</c>).
/// </summary>
public sealed class RocksDbException : Exception
{
    /// <summary>Creates an exception for a failure detected by the binding itself (no native status).</summary>
    /// <param name="message">The complete message.</param>
    public RocksDbException(string message) : base(message) { }

    /// <summary>Creates an exception for a failure detected by the binding itself, with its cause.</summary>
    /// <param name="message">The complete message.</param>
    /// <param name="innerException">The cause.</param>
    public RocksDbException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates an exception for a failed RocksDB call.</summary>
    /// <param name="operation">What was attempted, e.g. <c>open '/data/db'</c>.</param>
    /// <param name="nativeMessage">RocksDB's status text.</param>
    internal RocksDbException(string operation, string? nativeMessage)
        : base(nativeMessage is null ? $"RocksDB {operation} failed." : $"RocksDB {operation} failed: {nativeMessage}")
    {
        NativeMessage = nativeMessage;
    }

    /// <summary>RocksDB's status text, or null when the error was detected by the binding.</summary>
    public string? NativeMessage { get; }
}
