namespace Compiled.Serialization;

/// <summary>
/// Thrown when bytes cannot be read as a record: truncated or corrupt input, or data written by an
/// incompatible version of the record (a field whose type changed). Carries the byte offset at which
/// the problem was found. Reading malformed bytes never throws anything else.
/// </summary>
public sealed class RecordFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, naming the field when one is involved.</param>
    /// <param name="offset">Byte offset from the start of the input at which the problem was found.</param>
    public RecordFormatException(string message, long offset)
        : base($"{message} (at byte offset {offset})") => Offset = offset;

    /// <summary>Creates the exception without an offset (offset -1).</summary>
    public RecordFormatException() : this("Malformed record", -1) { }

    /// <summary>Creates the exception without an offset (offset -1).</summary>
    public RecordFormatException(string message) : this(message, -1) { }

    /// <summary>Creates the exception without an offset (offset -1).</summary>
    public RecordFormatException(string message, Exception innerException) : base(message, innerException) => Offset = -1;

    /// <summary>Byte offset from the start of the input at which the problem was found, or -1.</summary>
    public long Offset { get; }
}
