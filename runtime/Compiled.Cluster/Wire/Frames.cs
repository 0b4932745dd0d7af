using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;

namespace Compiled.Cluster.Wire;

/// <summary>
/// Frame layout: <c>u32 length (little-endian, counts kind and payload) | u8 kind | payload</c>. The length is checked
/// against the limit before anything is buffered, so an oversized frame is refused without allocating for it.
/// </summary>
public static class Frames
{
    /// <summary>Bytes before the payload.</summary>
    public const int HeaderSize = 5;

    /// <summary>Writes one frame into <paramref name="writer"/> (not flushed).</summary>
    public static void Write(IBufferWriter<byte> writer, FrameKind kind, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var span = writer.GetSpan(HeaderSize + payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)(payload.Length + 1));
        span[4] = (byte)kind;
        payload.CopyTo(span[HeaderSize..]);
        writer.Advance(HeaderSize + payload.Length);
    }

    /// <summary>
    /// Cuts one frame off the front of <paramref name="buffer"/> if it is complete.
    /// </summary>
    /// <exception cref="ProtocolException">The announced frame is larger than <paramref name="maxPayload"/> or empty.</exception>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, int maxPayload, out FrameKind kind, out ReadOnlySequence<byte> payload)
    {
        kind = default;
        payload = default;
        if (buffer.Length < HeaderSize) return false;
        Span<byte> header = stackalloc byte[HeaderSize];
        buffer.Slice(0, HeaderSize).CopyTo(header);
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(header);
        if (length == 0) throw new ProtocolException("A frame of length 0 has no kind.");
        if (length - 1 > (uint)maxPayload)
            throw new ProtocolException($"A frame of {length - 1} bytes exceeds the limit of {maxPayload} bytes.");
        if (buffer.Length < 4 + length) return false;
        kind = (FrameKind)header[4];
        payload = buffer.Slice(HeaderSize, length - 1);
        buffer = buffer.Slice(4 + length);
        return true;
    }

    /// <summary>Reads frames from <paramref name="reader"/> until the peer closes or <paramref name="cancellation"/> fires.</summary>
    /// <param name="reader">The connection's input.</param>
    /// <param name="maxPayload">Largest accepted payload.</param>
    /// <param name="onFrame">Handles a frame; the payload is only valid during the call. Returns false to stop reading.</param>
    /// <param name="cancellation">Stops reading.</param>
    public static async Task ReadLoopAsync(PipeReader reader, int maxPayload, FrameHandler onFrame, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(onFrame);
        while (true)
        {
            var result = await reader.ReadAsync(cancellation).ConfigureAwait(false);
            var buffer = result.Buffer;
            bool go = true;
            try
            {
                while (go && TryRead(ref buffer, maxPayload, out var kind, out var payload)) go = onFrame(kind, payload);
            }
            finally
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
            }
            if (!go) return;
            if (result.IsCompleted)
            {
                if (buffer.Length > 0) throw new ProtocolException("The peer closed the connection in the middle of a frame.");
                return;
            }
        }
    }
}

/// <summary>Handles one frame; the payload is valid only during the call. Returns false to stop reading.</summary>
public delegate bool FrameHandler(FrameKind kind, ReadOnlySequence<byte> payload);
