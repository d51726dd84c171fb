namespace MonitorBot.Feeds.Internal;

/// <summary>A read-only view of a seekable stream from <c>start</c> to its end (to skip a byte-order mark without copying).</summary>
internal sealed class SubStream : Stream
{
    private readonly Stream _inner;
    private readonly long _start;

    public SubStream(Stream inner, long start)
    {
        _inner = inner;
        _start = start;
        _inner.Position = start;
    }

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => _inner.Length - _start;

    public override long Position
    {
        get => _inner.Position - _start;
        set => _inner.Position = _start + value;
    }

    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => _inner.Read(buffer);

    public override long Seek(long offset, SeekOrigin origin) => origin switch
    {
        SeekOrigin.Begin => Position = offset,
        SeekOrigin.Current => Position += offset,
        _ => Position = Length + offset,
    };

    public override void Flush() { }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
