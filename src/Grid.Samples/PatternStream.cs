namespace Grid.Samples;

/// <summary>A read-only stream of <c>length</c> bytes where byte i is <c>i % 251</c>: large, checkable, never in memory.</summary>
public sealed class PatternStream(long length) : Stream
{
    private long _position;

    public static byte ByteAt(long position) => (byte)(position % 251);

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = (int)Math.Min(buffer.Length, length - _position);
        for (var i = 0; i < count; i++) buffer[i] = ByteAt(_position + i);
        _position += count;
        return count;
    }

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;
    public override long Position { get => _position; set => _position = value; }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => _position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => length + offset,
    };
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
