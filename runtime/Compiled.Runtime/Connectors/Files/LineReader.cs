namespace Compiled.Connectors.Files;

/// <summary>Reads a file as UTF-8 lines without allocating per line; lines longer than the limit are reported, not buffered without bound.</summary>
internal sealed class LineReader : IDisposable
{
    private readonly Stream _stream;
    private byte[] _buffer = new byte[64 * 1024];
    private readonly int _maxLineBytes;
    private int _start, _end;
    private bool _eof;

    public LineReader(string path, int maxLineBytes)
    {
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        _maxLineBytes = maxLineBytes;
    }

    /// <summary>Number of the line last returned (1-based).</summary>
    public long LineNumber { get; private set; }

    /// <summary>Next line without its terminator; <paramref name="tooLong"/> when it exceeded the limit (then it is skipped).</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line, out bool tooLong)
    {
        tooLong = false;
        while (true)
        {
            int nl = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (nl >= 0)
            {
                line = _buffer.AsSpan(_start, nl);
                _start += nl + 1;
                LineNumber++;
                if (line.Length > 0 && line[^1] == '\r') line = line[..^1];
                return CheckLength(ref line, out tooLong);
            }
            if (_eof)
            {
                if (_start == _end) { line = default; return false; }
                line = _buffer.AsSpan(_start, _end - _start);
                _start = _end;
                LineNumber++;
                return CheckLength(ref line, out tooLong);
            }
            if (_end - _start >= _maxLineBytes)
            {
                SkipRestOfLine();
                LineNumber++;
                tooLong = true;
                line = default;
                return true;
            }
            Fill();
        }
    }

    /// <summary>A line that fit in the buffer can still exceed the limit (the buffer starts larger than small limits).</summary>
    private bool CheckLength(ref ReadOnlySpan<byte> line, out bool tooLong)
    {
        tooLong = line.Length > _maxLineBytes;
        if (tooLong) line = default;
        return true;
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length) Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, _maxLineBytes + 1));
        int n = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (n == 0) _eof = true;
        _end += n;
    }

    private void SkipRestOfLine()
    {
        _start = _end = 0;
        while (true)
        {
            int n = _stream.Read(_buffer, 0, _buffer.Length);
            if (n == 0) { _eof = true; return; }
            int nl = _buffer.AsSpan(0, n).IndexOf((byte)'\n');
            if (nl >= 0) { _start = nl + 1; _end = n; return; }
        }
    }

    public void Dispose() => _stream.Dispose();
}
