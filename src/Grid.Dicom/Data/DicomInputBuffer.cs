using System.Buffers.Binary;

namespace Grid.Dicom.Data;

/// <summary>
/// Buffered forward-only reading from a stream with look-ahead, tracking how many bytes were consumed so
/// defined-length sequences and items know where they end. Works on non-seekable streams.
/// </summary>
public sealed class DicomInputBuffer(Stream stream, int bufferSize = 64 * 1024)
{
    private readonly byte[] _buffer = new byte[bufferSize];
    private int _start;
    private int _end;

    /// <summary>Bytes consumed so far.</summary>
    public long Position { get; private set; }

    /// <summary>Makes at least <paramref name="count"/> bytes available; false if the stream ends first.</summary>
    public bool Ensure(int count)
    {
        if (_end - _start >= count) return true;
        if (count > _buffer.Length) throw new ArgumentOutOfRangeException(nameof(count));
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        while (_end < count)
        {
            var read = stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0) return false;
            _end += read;
        }
        return true;
    }

    public bool AtEnd => !Ensure(1);

    public ReadOnlySpan<byte> Peek(int count)
    {
        if (!Ensure(count)) throw Truncated(count);
        return _buffer.AsSpan(_start, count);
    }

    private DicomFormatException Truncated(long wanted) =>
        new($"Unexpected end of data at byte {Position}: needed {wanted} more bytes.");

    public void ReadExactly(Span<byte> destination)
    {
        var buffered = Math.Min(destination.Length, _end - _start);
        _buffer.AsSpan(_start, buffered).CopyTo(destination);
        _start += buffered;
        Position += buffered;
        var rest = destination[buffered..];
        while (rest.Length > 0)
        {
            var read = stream.Read(rest);
            if (read == 0) throw Truncated(rest.Length);
            rest = rest[read..];
            Position += read;
        }
    }

    /// <summary>
    /// A value of <paramref name="count"/> bytes. A large one is read in pieces before it is put together, so
    /// that a length field that lies (damaged or hostile data) costs the memory of the bytes really there, not
    /// of the bytes it claims.
    /// </summary>
    public byte[] ReadBytes(long count)
    {
        if (count > Array.MaxLength) throw new DicomFormatException($"Value of {count} bytes is too large to load.");
        if (count <= TrustedValueLength)
        {
            var bytes = new byte[count];
            ReadExactly(bytes);
            return bytes;
        }
        var pieces = new List<byte[]>();
        for (var left = count; left > 0;)
        {
            var piece = new byte[Math.Min(left, TrustedValueLength)];
            ReadExactly(piece);
            pieces.Add(piece);
            left -= piece.Length;
        }
        var whole = new byte[count];
        var at = 0;
        foreach (var piece in pieces)
        {
            piece.CopyTo(whole, at);
            at += piece.Length;
        }
        return whole;
    }

    private const int TrustedValueLength = 1 << 20;

    public ushort ReadUInt16(bool littleEndian)
    {
        var span = Peek(2);
        var value = littleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(span) : BinaryPrimitives.ReadUInt16BigEndian(span);
        Skip(2);
        return value;
    }

    public uint ReadUInt32(bool littleEndian)
    {
        var span = Peek(4);
        var value = littleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(span) : BinaryPrimitives.ReadUInt32BigEndian(span);
        Skip(4);
        return value;
    }

    public void Skip(long count)
    {
        var buffered = (int)Math.Min(count, _end - _start);
        _start += buffered;
        Position += buffered;
        var rest = count - buffered;
        var scratch = rest > 0 ? new byte[Math.Min(rest, 81920)] : [];
        while (rest > 0)
        {
            var read = stream.Read(scratch, 0, (int)Math.Min(rest, scratch.Length));
            if (read == 0) throw Truncated(rest);
            rest -= read;
            Position += read;
        }
    }

    /// <summary>The unconsumed bytes (buffered ones first) as a stream, e.g. to inflate a deflated data set.</summary>
    public Stream RemainderAsStream()
    {
        var buffered = new MemoryStream(_buffer, _start, _end - _start, writable: false);
        _start = _end;
        return new ConcatenatedReadStream(buffered, stream);
    }

    private sealed class ConcatenatedReadStream(Stream first, Stream second) : Stream
    {
        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = first.Read(buffer, offset, count);
            return read > 0 ? read : second.Read(buffer, offset, count);
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
